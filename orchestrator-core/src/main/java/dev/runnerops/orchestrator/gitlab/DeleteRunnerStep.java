package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;

/**
 * Deletes, in the local GitLab, the runner that {@code up --complete} created there: {@code DELETE
 * /api/v4/runners} with its own token, which removes the runner and all its managers. Raises
 * {@link GitLabUnreachableException} when GitLab does not answer, so the caller can say what was left.
 */
public final class DeleteRunnerStep {
    private final Context ctx;

    public DeleteRunnerStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(String runnerName) {
        return StepId.of(StepKind.RUNNER_DELETION, runnerName);
    }

    public Outcome run(String runnerName, Secret token) {
        GitLabApi api = new GitLabApi(ctx.config().server().hostUrl());
        return ctx.steps().run(id(runnerName), () -> api.deleteRunner(token)
                ? Done.of(Outcome.DELETED, "token " + token.masked())
                : Done.of(Outcome.ALREADY_GONE, "GitLab no longer knows token " + token.masked())).outcome();
    }

    /** The call that deletes it later, with the token read from its file (never printed). */
    public String laterCall() {
        return GitLabApi.deleteCommand(ctx.config().server().hostUrl(), ctx.layout().runnerTokenFile().toString());
    }
}
