package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.Mode;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Preflight;

/** {@code register}: the registration step alone, for a runner started earlier by {@code up}. */
public final class RegisterOperation {
    private final Context ctx;

    public RegisterOperation(Context ctx) {
        this.ctx = ctx;
    }

    public String run(Mode mode) {
        Preflight.checkSettings(ctx.config(), mode, true);
        StackPlan plan = UpOperation.plan(ctx, mode);
        ctx.engine().ping();
        String runner = UpOperation.runningContainer(ctx, Service.RUNNER, "runner");
        RegistrationFlow flow = new RegistrationFlow(ctx);
        if (mode == Mode.COMPLETE) {
            String gitlab = UpOperation.runningContainer(ctx, Service.GITLAB, "GitLab server");
            String outcome = flow.complete(plan, gitlab, runner);
            flow.verify(runner);
            return outcome;
        }
        return flow.runnerOnly(plan, runner);
    }
}
