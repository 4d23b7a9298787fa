package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.runner.VerifyRunnerStep;
import dev.runnerops.orchestrator.steps.Context;

/** {@code gitlab-runner verify} in the running runner container: GitLab's view of this host's runner manager. */
public final class VerifyOperation {
    private final Context ctx;

    public VerifyOperation(Context ctx) {
        this.ctx = ctx;
    }

    public Outcome run() {
        ctx.engine().ping();
        String runner = Plans.runningContainer(ctx, Observation.of(ctx), Service.RUNNER, "runner");
        return new VerifyRunnerStep(ctx).run(runner);
    }
}
