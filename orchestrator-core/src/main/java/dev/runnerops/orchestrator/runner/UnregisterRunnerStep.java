package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.ProbeSpec;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.time.Duration;
import java.util.List;

/**
 * {@code gitlab-runner unregister --name}: with a glrt- token it deletes this host's runner manager in GitLab
 * and the entry in config.toml; the runner itself stays in GitLab (gitlab-runner's commands/unregister.go).
 *
 * <p>It runs in a container of its own, made from the runner image with only the runner's config folder, once
 * the runner container has stopped: a {@code gitlab-runner run} still polling would make GitLab create the
 * manager again with its next job request (the runner's token stays valid), and GitLab would show a manager that
 * no longer exists.
 */
public final class UnregisterRunnerStep {
    private final Context ctx;

    public UnregisterRunnerStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(RunnerEntry entry) {
        return StepId.of(StepKind.UNREGISTRATION, entry.name() + " from " + entry.url());
    }

    /**
     * @param runner  the runner container as planned: its image and config folder
     * @param network where the one-off container runs, so that it reaches GitLab as the runner did
     */
    public Outcome run(ContainerSpec runner, String network, RunnerEntry entry) {
        return ctx.steps().run(id(entry), () -> {
            String configDir = runner.mounts().stream()
                    .filter(m -> m.target().equals(StackPlanner.RUNNER_CONFIG_TARGET))
                    .map(BindMount::source).findFirst().orElseThrow().toString();
            // The image's own entrypoint (it installs a custom CA from the config folder, then runs gitlab-runner).
            ProbeSpec spec = new ProbeSpec(runner.image(), List.of(), List.of("unregister", "--config",
                    RunnerConfigSpec.CONFIG_FILE, "--name", entry.name()),
                    List.of(configDir + ":" + StackPlanner.RUNNER_CONFIG_TARGET), List.of(), network, false,
                    Labels.project(ctx.project()));
            try {
                ExecResult r = ctx.engine().runProbe(spec, Duration.ofSeconds(60));
                if (r.succeeded()) {
                    return Done.of(Outcome.UNREGISTERED);
                }
                ctx.steps().warn("Could not unregister " + entry.name() + " from " + entry.url() + ": "
                        + r.lastLines(1).stream().findFirst().orElse("(no output)") + ". Delete its manager in GitLab "
                        + "by hand if it still shows there.");
            } catch (EngineException e) {
                ctx.steps().warn("Could not unregister " + entry.name() + ": " + e.getMessage());
            }
            return Done.of(Outcome.FAILED);
        }).outcome();
    }
}
