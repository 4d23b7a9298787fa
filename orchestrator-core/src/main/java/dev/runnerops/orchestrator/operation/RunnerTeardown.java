package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.gitlab.DeleteRunnerStep;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RunnerConfigAccess;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import dev.runnerops.orchestrator.runner.RunnerEntry;
import dev.runnerops.orchestrator.runner.UnregisterRunnerStep;
import dev.runnerops.orchestrator.steps.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The GitLab side of {@code clean}, before anything local goes: the runner that {@code up --complete} created
 * (its token is in the state folder) is deleted in GitLab and its entry leaves config.toml; a runner of the
 * user's own token only loses this host's manager, and stays the user's. What cannot be deleted because GitLab
 * does not answer is reported with the call that deletes it later.
 */
final class RunnerTeardown {
    /**
     * @param runnerLeft the tool's runner still exists in GitLab: its token file must not be deleted
     */
    record Result(List<String> deleted, List<String> unregistered, List<String> left, boolean runnerLeft) {}

    private final Context ctx;
    private final RunnerConfigAccess configToml;

    RunnerTeardown(Context ctx) {
        this.ctx = ctx;
        this.configToml = new RunnerConfigAccess(ctx);
    }

    /** The steps {@link #run} will take, for the operation's step count. */
    List<StepId> steps(Observation observed) {
        List<StepId> steps = new ArrayList<>();
        String name = ctx.config().runner().name();
        Secret created = toolToken();
        if (!created.isEmpty()) {
            steps.add(DeleteRunnerStep.id(name));
        }
        entries(runnerContainer(observed)).stream().filter(e -> !e.token().equals(created))
                .forEach(e -> steps.add(UnregisterRunnerStep.id(e)));
        return steps;
    }

    /** @param gitlabDataGoes GitLab's data is deleted next, and with it every runner it knew */
    Result run(Observation observed, boolean gitlabDataGoes) {
        String container = runnerContainer(observed);
        String name = ctx.config().runner().name();
        Secret created = toolToken();
        List<String> deleted = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        List<String> left = new ArrayList<>();
        boolean runnerLeft = false;
        if (!created.isEmpty()) {
            DeleteRunnerStep delete = new DeleteRunnerStep(ctx);
            try {
                delete.run(name, created);
                deleted.add(name + " (" + ctx.config().server().externalUrl() + ")");
                try {
                    forgetEntries(container, created);
                } catch (OperationException e) {
                    ctx.steps().warn("The runner was deleted in GitLab, but its entry stays in config.toml: "
                            + e.getMessage());
                }
            } catch (OperationException unreachable) {
                if (gitlabDataGoes) {
                    ctx.steps().info("GitLab did not answer, so " + name + " was not deleted through its API; it goes "
                            + "with GitLab's data.");
                } else {
                    runnerLeft = true;
                    String call = delete.laterCall();
                    left.add(name + ": " + call);
                    ctx.steps().warn("The runner " + name + " that up --complete created stays in GitLab: "
                            + unreachable.getMessage() + " Delete it once GitLab runs again with: " + call
                            + " (its token stays in " + ctx.layout().runnerTokenFile() + " until then).");
                }
            }
        }
        List<RunnerEntry> own = entries(container).stream().filter(e -> !e.token().equals(created)).toList();
        if (!own.isEmpty()) {
            unregister(observed, own, unregistered);
        }
        return new Result(deleted, unregistered, left, runnerLeft);
    }

    /**
     * This host's managers of runners of the user's tokens leave GitLab. The runner container stops first: a
     * {@code gitlab-runner run} still polling would make GitLab create the manager again.
     */
    private void unregister(Observation observed, List<RunnerEntry> own, List<String> unregistered) {
        boolean complete = observed.service(Service.GITLAB, StackPlanner.containerName(ctx.config(), Service.GITLAB))
                .isPresent();
        ContainerSpec runner = Plans.of(ctx, complete ? Mode.COMPLETE : Mode.RUNNER_ONLY).runner();
        observed.service(Service.RUNNER, runner.name()).filter(ContainerInfo::running)
                .ifPresent(c -> ctx.engine().stopContainer(c.id(), Service.stopGraceOf(Service.RUNNER.id())));
        // The project's network, as the runner had it; Docker's default bridge once `down` removed it.
        String network = ctx.engine().networksNamed(runner.network()).isEmpty() ? "bridge" : runner.network();
        for (RunnerEntry entry : own) {
            if (new UnregisterRunnerStep(ctx).run(runner, network, entry) != Outcome.UNREGISTERED) {
                break;
            }
            unregistered.add(entry.name() + " @ " + entry.url());
            ctx.steps().info("Unregistered this host's manager of " + entry.name() + ". The runner itself came from "
                    + "your gitlab.token and stays in GitLab at " + entry.url() + "; delete it there when you no longer "
                    + "need it.");
        }
    }

    private void forgetEntries(String container, Secret token) {
        var text = configToml.read(container);
        if (text.isEmpty()) {
            return;
        }
        RunnerConfigDocument document = RunnerConfigDocument.parse(text.get(), configToml.hostFile().toString());
        int removed = 0;
        for (RunnerEntry e : document.runners()) {
            if (e.token().equals(token)) {
                removed += document.remove(e.name(), e.url());
            }
        }
        if (removed > 0) {
            configToml.write(container, document.text());
        }
    }

    private List<RunnerEntry> entries(String container) {
        return configToml.parse(container).named(ctx.config().runner().name());
    }

    private String runnerContainer(Observation observed) {
        return observed.service(Service.RUNNER, StackPlanner.containerName(ctx.config(), Service.RUNNER))
                .filter(ContainerInfo::running).map(ContainerInfo::name).orElse(null);
    }

    /** The token of the runner {@code up --complete} created, kept in the state folder. */
    private Secret toolToken() {
        Path file = ctx.layout().runnerTokenFile();
        try {
            return Files.isRegularFile(file) ? Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Secret.empty();
        } catch (IOException e) {
            return Secret.empty();
        }
    }
}
