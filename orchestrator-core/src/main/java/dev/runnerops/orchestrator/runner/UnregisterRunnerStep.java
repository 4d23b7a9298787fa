package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code gitlab-runner unregister --name}: with a glrt- token it deletes this host's runner manager in GitLab
 * and the entry in config.toml; the runner itself stays in GitLab (gitlab-runner's commands/unregister.go).
 */
public final class UnregisterRunnerStep {
    private final Context ctx;

    public UnregisterRunnerStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(RunnerEntry entry) {
        return StepId.of(StepKind.UNREGISTRATION, entry.name() + " from " + entry.url());
    }

    public Outcome run(String runnerContainer, RunnerEntry entry) {
        return ctx.steps().run(id(entry), () -> {
            try {
                ExecResult r = ctx.engine().exec(runnerContainer, List.of("gitlab-runner", "unregister", "--config",
                        RunnerConfigSpec.CONFIG_FILE, "--name", entry.name()), Map.of(), Duration.ofSeconds(60));
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
