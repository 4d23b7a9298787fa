package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Asks the runner itself whether GitLab accepts its token ({@code gitlab-runner verify}). */
public final class VerifyRunnerStep {
    private final Context ctx;

    public VerifyRunnerStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(String runnerName) {
        return StepId.of(StepKind.VERIFICATION, runnerName);
    }

    public Outcome run(String runnerContainer) {
        String name = ctx.config().runner().name();
        return ctx.steps().run(id(name), () -> {
            ExecResult r = ctx.engine().exec(runnerContainer, List.of("gitlab-runner", "verify", "--config",
                    RunnerConfigSpec.CONFIG_FILE, "--name", name), Map.of(), Duration.ofSeconds(60));
            String out = r.output();
            if (r.succeeded() && (out.contains("is valid") || out.contains("is alive"))) {
                return Done.of(Outcome.VERIFIED, "token valid");
            }
            ctx.steps().warn("gitlab-runner verify did not confirm the runner: "
                    + r.lastLines(1).stream().findFirst().orElse("(no output)"));
            return Done.of(Outcome.NOT_VERIFIED);
        }).outcome();
    }
}
