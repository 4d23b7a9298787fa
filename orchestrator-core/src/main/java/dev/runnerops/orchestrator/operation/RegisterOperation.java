package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.ConfigValidator;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.steps.Context;

/** {@code register}: the registration step alone, for a runner started earlier by {@code up}. */
public final class RegisterOperation {
    private final Context ctx;

    public RegisterOperation(Context ctx) {
        this.ctx = ctx;
    }

    public Outcome run(Mode mode) {
        ConfigValidator.checkFor(ctx.config(), mode, true);
        StackPlan plan = Plans.of(ctx, mode);
        ctx.engine().ping();
        Observation observed = Observation.of(ctx);
        String runner = Plans.runningContainer(ctx, observed, Service.RUNNER, "runner");
        ctx.steps().expect(RegistrationFlow.steps(ctx, plan));
        RegistrationFlow flow = new RegistrationFlow(ctx);
        if (mode == Mode.COMPLETE) {
            String gitlab = Plans.runningContainer(ctx, observed, Service.GITLAB, "GitLab server");
            Outcome outcome = flow.complete(plan, gitlab, runner).registration();
            flow.verify(runner);
            return outcome;
        }
        return flow.runnerOnly(plan, runner).registration();
    }
}
