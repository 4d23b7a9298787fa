package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.gitlab.CreateRunnerTokenStep;
import dev.runnerops.orchestrator.gitlab.WaitForGitLabStep;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.RegisterCommand;
import dev.runnerops.orchestrator.runner.RegisterRunnerStep;
import dev.runnerops.orchestrator.steps.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Registration as {@code up} and {@code register} run it, in either mode. */
final class RegistrationFlow {
    /** Each probe is one exec (a few ms); polling often keeps the wait close to GitLab's own boot time. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final Context ctx;
    private final RegisterRunnerStep register;

    RegistrationFlow(Context ctx) {
        this.ctx = ctx;
        this.register = new RegisterRunnerStep(ctx);
    }

    /** Runner-only: registers with the configured token, or says why not. */
    String runnerOnly(StackPlan plan, String runnerContainer) {
        if (!ctx.config().gitlab().hasToken()) {
            ctx.reporter().info("gitlab.token is empty, so the runner is running but not registered. Set gitlab.token "
                    + "and run `register`.");
            return "skipped: no token";
        }
        return register.run(runnerContainer, plan.registration(), () -> ctx.config().gitlab().token());
    }

    /**
     * Complete mode: waits for GitLab, then, unless config.toml already has this runner, creates an instance
     * runner through GitLab's API and registers it with its glrt- token.
     */
    String complete(StackPlan plan, String gitlabContainer, String runnerContainer) {
        new WaitForGitLabStep(ctx, POLL_INTERVAL).run(gitlabContainer);
        return register.run(runnerContainer, plan.registration(),
                () -> new CreateRunnerTokenStep(ctx).run(gitlabContainer));
    }

    /** Asks the runner itself whether GitLab accepts its token ({@code gitlab-runner verify}). */
    String verify(String runnerContainer) {
        return ctx.reporter().step("verify runner " + ctx.config().runner().name(), () -> {
            ExecResult r = ctx.engine().exec(runnerContainer, List.of("gitlab-runner", "verify", "--config",
                    RegisterCommand.CONFIG_FILE, "--name", ctx.config().runner().name()), Map.of(), Duration.ofSeconds(60));
            String out = r.output();
            if (r.succeeded() && (out.contains("is valid") || out.contains("is alive"))) {
                return "online (token valid)";
            }
            ctx.reporter().warn("gitlab-runner verify did not confirm the runner: "
                    + r.lastLines(1).stream().findFirst().orElse("(no output)"));
            return "not verified";
        });
    }
}
