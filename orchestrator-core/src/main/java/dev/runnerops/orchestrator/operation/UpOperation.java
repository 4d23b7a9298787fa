package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.Mode;
import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.api.UpResult;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.gitlab.PrepareRootPasswordStep;
import dev.runnerops.orchestrator.plan.ContainerAction;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Reconciler;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RegistrationException;
import dev.runnerops.orchestrator.steps.ConvergeContainerStep;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.EnsureImageStep;
import dev.runnerops.orchestrator.steps.EnsureNetworkStep;
import dev.runnerops.orchestrator.steps.Preflight;
import dev.runnerops.orchestrator.steps.ProvideHelperStep;
import dev.runnerops.orchestrator.steps.WriteJobAuthConfigStep;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * {@code up}: checks everything it can first, then converges network and containers and registers the
 * runner. Independent work runs side by side: image pulls and the helper build start at once; in complete
 * mode GitLab starts booting as soon as its image is there, while the helper is built and the runner starts.
 */
public final class UpOperation {
    private final Context ctx;
    private boolean networkCreated;

    public UpOperation(Context ctx) {
        this.ctx = ctx;
    }

    public UpResult run(Mode mode) {
        OrchestratorConfig config = ctx.config();
        if (mode == Mode.COMPLETE && config.gitlab().hasToken()) {
            ctx.reporter().warn("gitlab.token is ignored by up --complete: it creates a runner in its own GitLab.");
        }
        Preflight.checkSettings(config, mode, false);
        StackPlan plan = plan(ctx, mode);
        // Docker is asked first (is there an engine at all?), but nothing is created until every check passed.
        ctx.engine().ping();
        Preflight.checkBindSources(config, plan,
                config.helper().source() == HelperSource.BUILD ? plan.helperBinary() : null);

        Map<String, String> outcomes = new LinkedHashMap<>();
        Decisions decisions;
        try (Parallel parallel = new Parallel(4)) {
            decisions = decide(plan, parallel);
            converge(plan, decisions, parallel, outcomes);
        }
        return register(plan, decisions, outcomes);
    }

    /** What exists, and so what to do: the outcome of the read-only lookups, made side by side. */
    private record Decisions(Optional<NetworkInfo> network, Optional<ContainerAction> gitlab, ContainerAction runner,
                             Map<String, String> localImageIds) {}

    private Decisions decide(StackPlan plan, Parallel parallel) {
        Future<Optional<NetworkInfo>> networkLookup =
                parallel.submit(() -> new EnsureNetworkStep(ctx).check(plan.network()));
        Future<Observation> observation = parallel.submit(() -> Observation.of(ctx));
        Map<String, Future<Optional<String>>> imageLookups = new LinkedHashMap<>();
        for (ContainerSpec c : plan.containers()) {
            imageLookups.computeIfAbsent(c.image(), image -> parallel.submit(() -> ctx.engine().imageId(image)));
        }
        Optional<NetworkInfo> network = Parallel.await(networkLookup);
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
        return new Decisions(network, gitlab, action(actions, Service.RUNNER).orElseThrow(), localImageIds);
    }

    private void converge(StackPlan plan, Decisions decisions, Parallel parallel, Map<String, String> outcomes) {
        Future<Path> helperReady = parallel.submit(() -> new ProvideHelperStep(ctx).run(plan.helperBinary()));
        Map<String, Future<String>> pulls = new LinkedHashMap<>();
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
        networkCreated = new EnsureNetworkStep(ctx).run(plan.network(), decisions.network()).equals("created");
        decisions.gitlab().ifPresent(gitlab -> {
            new PrepareRootPasswordStep(ctx).run();
            outcomes.put(gitlab.spec().name(), converge.run(gitlab)); // boots while the helper is built
        });
        Parallel.await(helperReady);
        new WriteJobAuthConfigStep(ctx).run(plan.jobAuthJson());
        outcomes.put(decisions.runner().spec().name(), converge.run(decisions.runner()));
    }

    private UpResult register(StackPlan plan, Decisions decisions, Map<String, String> outcomes) {
        RegistrationFlow flow = new RegistrationFlow(ctx);
        String runnerName = decisions.runner().spec().name();
        if (plan.mode() == Mode.COMPLETE) {
            String registration = flow.complete(plan, decisions.gitlab().orElseThrow().spec().name(), runnerName);
            String runnerState = flow.verify(runnerName);
            return new UpResult(plan.mode(), outcomes, registration,
                    Optional.of(gitlabAccess(ctx.config(), runnerState)));
        }
        try {
            return new UpResult(plan.mode(), outcomes, flow.runnerOnly(plan, runnerName), Optional.empty());
        } catch (RegistrationException e) {
            throw new RegistrationException(e.getMessage() + undoCreated(outcomes));
        }
    }

    /**
     * A failed runner-only registration is bad input (token, URL): remove what this run created, so that
     * nothing half-made stays behind. Containers that existed before are left as they were.
     */
    private String undoCreated(Map<String, String> outcomes) {
        List<String> undone = new ArrayList<>();
        for (Map.Entry<String, String> e : outcomes.entrySet()) {
            if (e.getValue().equals("created")) {
                ctx.engine().container(e.getKey()).ifPresent(c -> ctx.engine().removeContainer(c.id()));
                undone.add("container " + e.getKey());
            }
        }
        if (networkCreated) {
            ctx.engine().removeNetwork(ctx.config().network().name());
            undone.add("network " + ctx.config().network().name());
        }
        return undone.isEmpty() ? "" : " Removed what this run created (" + String.join(", ", undone) + ").";
    }

    static StackPlan plan(Context ctx, Mode mode) {
        Path socket = ctx.engine().localSocket().orElse(Path.of("/var/run/docker.sock"));
        return StackPlanner.plan(ctx.config(), mode, socket);
    }

    private static Optional<ContainerAction> action(List<ContainerAction> actions, Service service) {
        return actions.stream().filter(a -> a.spec().service() == service).findFirst();
    }

    /** Every pull must succeed before anything is created; on failure let the helper build finish first. */
    private static void awaitAllOrSettle(Iterable<Future<String>> pulls, Future<Path> helper) {
        RuntimeException first = null;
        for (Future<String> pull : pulls) {
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

    private UpResult.GitLabAccess gitlabAccess(OrchestratorConfig config, String runnerState) {
        OrchestratorConfig.Server server = config.server();
        String hostsLine = resolves(server.hostname()) ? ""
                : (server.publishAddress().equals("0.0.0.0") ? "127.0.0.1" : server.publishAddress()) + " "
                        + server.hostname();
        UpResult.GitLabAccess access = new UpResult.GitLabAccess(server.externalUrl(), "root",
                ctx.layout().rootPasswordFile(), hostsLine, runnerState);
        StringBuilder message = new StringBuilder("GitLab is ready at ").append(access.url())
                .append(" — user root, password in ").append(access.passwordFile()).append('.');
        if (!hostsLine.isEmpty()) {
            message.append(" ").append(server.hostname()).append(" does not resolve on this machine: add the line \"")
                    .append(hostsLine).append("\" to /etc/hosts to open it in a browser, or set server.hostname to "
                            + "a name that resolves to ").append(server.publishAddress()).append('.');
        }
        ctx.reporter().info(message.toString());
        return access;
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Used by {@code register}: the running runner container, or a clear error. */
    static String runningContainer(Context ctx, Service service, String what) {
        Optional<ContainerInfo> c = Observation.of(ctx).service(service);
        if (c.isEmpty() || !c.get().running()) {
            throw new OrchestratorException("The " + what + " container of project "
                    + ctx.project() + " is not running" + c.map(i -> " (state: " + i.state() + ")").orElse("")
                    + ". Run `up" + (service == Service.GITLAB ? " --complete" : "") + "` first.");
        }
        return c.get().name();
    }
}
