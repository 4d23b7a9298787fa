package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.gitlab.CreateRunnerTokenStep;
import dev.runnerops.orchestrator.gitlab.WaitForGitLabStep;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.ConvergeRunnerConfigStep;
import dev.runnerops.orchestrator.runner.RegisterRunnerStep;
import dev.runnerops.orchestrator.runner.VerifyRunnerStep;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registration as {@code up} and {@code register} run it, in either mode: register unless config.toml already
 * has this runner, then keep the entry's owned keys in line with the plan.
 */
final class RegistrationFlow {
    /** Each probe is one exec (a few ms); polling often keeps the wait close to GitLab's own boot time. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    record Result(Outcome registration, Done runnerConfig) {}

    private final Context ctx;
    private final RegisterRunnerStep register;

    RegistrationFlow(Context ctx) {
        this.ctx = ctx;
        this.register = new RegisterRunnerStep(ctx);
    }

    /** The steps {@link #runnerOnly} or {@link #complete} and {@link #verify} run. */
    static List<StepId> steps(Context ctx, StackPlan plan) {
        List<StepId> steps = new ArrayList<>();
        if (plan.mode() == Mode.COMPLETE) {
            steps.add(WaitForGitLabStep.id());
        }
        steps.add(RegisterRunnerStep.id(plan.runnerConfig().runner()));
        steps.add(ConvergeRunnerConfigStep.id());
        if (plan.mode() == Mode.COMPLETE) {
            steps.add(VerifyRunnerStep.id(ctx.config().runner().name()));
        }
        return steps;
    }

    /** Runner-only: registers with the configured token, or says why not. */
    Result runnerOnly(StackPlan plan, String runnerContainer) {
        Outcome registration;
        if (ctx.config().gitlab().hasToken()) {
            registration = register.run(runnerContainer, plan.runnerConfig().runner(), () -> ctx.config().gitlab().token());
        } else {
            ctx.steps().info("gitlab.token is empty, so the runner is running but not registered. Set gitlab.token "
                    + "and run `register`.");
            registration = ctx.steps().run(RegisterRunnerStep.id(plan.runnerConfig().runner()),
                    () -> Done.of(Outcome.SKIPPED, "no gitlab.token")).outcome();
        }
        return new Result(registration, new ConvergeRunnerConfigStep(ctx).run(runnerContainer, plan.runnerConfig()));
    }

    /**
     * Complete mode: waits for GitLab, then, unless config.toml already has this runner, creates an instance
     * runner through GitLab's API and registers it with its glrt- token.
     */
    Result complete(StackPlan plan, String gitlabContainer, String runnerContainer) {
        new WaitForGitLabStep(ctx, POLL_INTERVAL).run(gitlabContainer);
        CreateRunnerTokenStep tokens = new CreateRunnerTokenStep(ctx);
        Outcome registration = register.run(runnerContainer, plan.runnerConfig().runner(),
                () -> tokens.run(gitlabContainer));
        if (registration == Outcome.ALREADY_REGISTERED) {
            tokens.keepReadAccess(gitlabContainer);
        }
        return new Result(registration, new ConvergeRunnerConfigStep(ctx).run(runnerContainer, plan.runnerConfig()));
    }

    Outcome verify(String runnerContainer) {
        return new VerifyRunnerStep(ctx).run(runnerContainer);
    }
}
