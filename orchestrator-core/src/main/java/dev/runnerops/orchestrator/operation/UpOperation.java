package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.ConfigValidator;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.gitlab.PrepareRootPasswordStep;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.plan.ContainerAction;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Reconciler;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.RegistrationException;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.ConvergeContainerStep;
import dev.runnerops.orchestrator.steps.EnsureImageStep;
import dev.runnerops.orchestrator.steps.EnsureNetworkStep;
import dev.runnerops.orchestrator.steps.Preflight;
import dev.runnerops.orchestrator.steps.ProvideHelperStep;
import dev.runnerops.orchestrator.steps.UploadStateStep;
import dev.runnerops.orchestrator.steps.WriteJobAuthConfigStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * {@code up}: checks everything it can first, then converges network and containers, registers the runner and
 * keeps its config.toml in line. Independent work runs side by side: image pulls and the helper download (or
 * build) start at once; in complete mode GitLab starts booting as soon as its image is there, while the helper
 * is fetched and the runner starts.
 */
public final class UpOperation {
    private final Context ctx;
    /** Whether this run created the network: undone with a failed runner-only registration. */
    private boolean networkCreated;

    public UpOperation(Context ctx) {
        this.ctx = ctx;
    }

    public UpResult run(Mode mode) {
        OrchestratorConfig config = ctx.config();
        if (mode == Mode.COMPLETE && config.gitlab().hasToken()) {
            ctx.steps().warn("gitlab.token is ignored by up --complete: it creates a runner in its own GitLab.");
        }
        ConfigValidator.checkFor(config, mode, false);
        if (config.aws().ecrRegistries().isEmpty()) {
            ctx.steps().warn(CREDS_STORE_WARNING);
        }
        StackPlan plan = Plans.of(ctx, mode);
        // Docker is asked first (is there an engine at all?), but nothing is created until every check passed.
        ctx.engine().ping();
        Preflight.checkBindSources(config, plan,
                config.helper().source() == HelperSource.LOCAL ? null : plan.helperBinary());

        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Decisions decisions;
        try (Parallel parallel = new Parallel(4)) {
            decisions = decide(plan, parallel);
            ctx.steps().expect(steps(plan, decisions));
            converge(plan, decisions, parallel, outcomes);
        }
        return register(plan, decisions, outcomes);
    }

    static final String CREDS_STORE_WARNING = "aws.ecr_registries is empty, so jobs get {\"credsStore\":\"ecr-login\"}. "
            + "For its own pulls of job images, gitlab-runner asks that store only for `list`, which returns just the "
            + "default registry of the credentials' account in aws.region (and ECR Public): job images from another "
            + "account or region are pulled without credentials. List your registries in aws.ecr_registries.";

    /** What exists, and so what to do: the outcome of the read-only lookups, made side by side. */
    private record Decisions(List<NetworkInfo> networks, Optional<ContainerAction> gitlab, ContainerAction runner,
                             List<ContainerAction> strays, Map<String, String> localImageIds) {}

    private Decisions decide(StackPlan plan, Parallel parallel) {
        Future<List<NetworkInfo>> networkLookup = parallel.submit(() -> new EnsureNetworkStep(ctx).check(plan.network()));
        Future<Observation> observation = parallel.submit(() -> Observation.of(ctx));
        Map<String, Future<Optional<String>>> imageLookups = new LinkedHashMap<>();
        for (ContainerSpec c : plan.containers()) {
            imageLookups.computeIfAbsent(c.image(), image -> parallel.submit(() -> ctx.engine().imageId(image)));
        }
        List<NetworkInfo> networks = Parallel.await(networkLookup);
        Map<String, String> localImageIds = new LinkedHashMap<>();
        imageLookups.forEach((image, lookup) -> Parallel.await(lookup).ifPresent(id -> localImageIds.put(image, id)));
        List<ContainerAction> actions = Reconciler.reconcile(plan.containers(), Parallel.await(observation).reduced(),
                localImageIds);
        actions.forEach(new ConvergeContainerStep(ctx)::checkNameFree);
        Optional<ContainerAction> gitlab = action(actions, Service.GITLAB);
        gitlab.filter(a -> a.kind() != ContainerAction.Kind.KEEP).ifPresent(a -> {
            Preflight.checkPortsFree(ctx, a.spec());
            Preflight.warnOnLowMemory(ctx);
        });
        List<ContainerAction> strays = actions.stream().filter(a -> a.kind() == ContainerAction.Kind.REMOVE).toList();
        return new Decisions(networks, gitlab, action(actions, Service.RUNNER).orElseThrow(), strays, localImageIds);
    }

    private List<StepId> steps(StackPlan plan, Decisions decisions) {
        List<StepId> steps = new ArrayList<>();
        plan.containers().stream().map(ContainerSpec::image).distinct().map(EnsureImageStep::id).forEach(steps::add);
        steps.add(ProvideHelperStep.id(ctx.config().helper()));
        decisions.strays().forEach(a -> steps.add(ConvergeContainerStep.id(a.name())));
        steps.add(EnsureNetworkStep.id(plan.network()));
        decisions.gitlab().ifPresent(a -> steps.add(ConvergeContainerStep.id(a.name())));
        if (plan.mounts().onEngine()) {
            steps.add(UploadStateStep.id(ctx));
        }
        steps.add(WriteJobAuthConfigStep.id(ctx.mounted().jobDockerConfig()));
        steps.add(ConvergeContainerStep.id(decisions.runner().name()));
        steps.addAll(RegistrationFlow.steps(ctx, plan));
        return steps;
    }

    private void converge(StackPlan plan, Decisions decisions, Parallel parallel, Map<String, Outcome> outcomes) {
        Future<Path> helperReady = parallel.submit(() -> new ProvideHelperStep(ctx).run(plan.helper()));
        Map<String, Future<?>> pulls = new LinkedHashMap<>();
        for (ContainerSpec c : plan.containers()) {
            String setting = c.service() == Service.GITLAB ? "server.image" : "runner.image";
            boolean local = decisions.localImageIds().containsKey(c.image());
            pulls.computeIfAbsent(c.image(), image -> parallel.submit(() ->
                    new EnsureImageStep(ctx).run(image, setting, local)));
        }
        awaitAllOrSettle(pulls.values(), helperReady);
        if (plan.mode() == Mode.RUNNER_ONLY) {
            Parallel.await(helperReady); // runner-only creates nothing before every input is known good
        }

        ConvergeContainerStep converge = new ConvergeContainerStep(ctx);
        decisions.strays().forEach(converge::run);
        networkCreated = new EnsureNetworkStep(ctx).run(plan.network(), decisions.networks()).outcome()
                == Outcome.CREATED;
        if (plan.mounts().onEngine()) {
            ctx.site().prepare(plan.gitlab().isPresent()); // GitLab's password goes into its volume first
        }
        decisions.gitlab().ifPresent(gitlab -> {
            new PrepareRootPasswordStep(ctx).run();
            outcomes.put(gitlab.name(), converge.run(gitlab).outcome()); // boots while the helper is fetched
        });
        Parallel.await(helperReady);
        if (plan.mounts().onEngine()) {
            new UploadStateStep(ctx).run(plan);
        }
        new WriteJobAuthConfigStep(ctx).run(plan.jobAuthJson());
        outcomes.put(decisions.runner().name(), converge.run(decisions.runner()).outcome());
    }

    private UpResult register(StackPlan plan, Decisions decisions, Map<String, Outcome> outcomes) {
        RegistrationFlow flow = new RegistrationFlow(ctx);
        String runnerName = decisions.runner().name();
        if (plan.mode() == Mode.COMPLETE) {
            RegistrationFlow.Result registered = flow.complete(plan, decisions.gitlab().orElseThrow().name(), runnerName);
            Outcome runnerState = flow.verify(runnerName);
            return result(plan, outcomes, registered, Optional.of(GitLabAccesses.of(ctx, runnerState)));
        }
        try {
            return result(plan, outcomes, flow.runnerOnly(plan, runnerName), Optional.empty());
        } catch (RegistrationException e) {
            throw new RegistrationException(runnerName, e.getMessage() + undoCreated(outcomes));
        }
    }

    private static UpResult result(StackPlan plan, Map<String, Outcome> outcomes, RegistrationFlow.Result r,
                                   Optional<UpResult.GitLabAccess> gitlab) {
        return new UpResult(plan.mode(), Map.copyOf(outcomes), r.registration(), r.runnerConfig().outcome(),
                r.runnerConfig().detail().isEmpty() ? List.of() : List.of(r.runnerConfig().detail().split(", ")),
                gitlab);
    }

    /**
     * A failed runner-only registration is bad input (token, URL): remove what this run created, so that
     * nothing half-made stays behind. Containers that existed before are left as they were.
     */
    private String undoCreated(Map<String, Outcome> outcomes) {
        List<String> undone = new ArrayList<>();
        outcomes.forEach((name, outcome) -> {
            if (outcome == Outcome.CREATED) {
                ctx.engine().container(name).ifPresent(c -> ctx.engine().removeContainer(c.id()));
                undone.add("container " + name);
            }
        });
        if (networkCreated) {
            ctx.engine().networksNamed(ctx.config().network().name()).forEach(n -> ctx.engine().removeNetwork(n.id()));
            undone.add("network " + ctx.config().network().name());
        }
        return undone.isEmpty() ? "" : " Removed what this run created (" + String.join(", ", undone) + ").";
    }

    private static Optional<ContainerAction> action(List<ContainerAction> actions, Service service) {
        return actions.stream().filter(a -> a.spec() != null && a.spec().service() == service).findFirst();
    }

    /** Every pull must succeed before anything is created; on failure let the helper step finish first. */
    private static void awaitAllOrSettle(Iterable<Future<?>> pulls, Future<Path> helper) {
        RuntimeException first = null;
        for (Future<?> pull : pulls) {
            try {
                Parallel.await(pull);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            Parallel.settle(helper);
            throw first;
        }
    }
}
