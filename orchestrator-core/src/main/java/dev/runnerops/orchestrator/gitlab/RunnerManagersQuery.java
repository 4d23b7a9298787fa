package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.steps.Context;
import java.util.List;

/**
 * GitLab's own list of the managers of the runner {@code up --complete} created ({@code GET
 * /api/v4/runners/:id/managers}), with the personal access token and runner id the tool keeps. Read-only: when
 * the list cannot be had, the view says why and what makes it available, and nothing is renewed here.
 */
public final class RunnerManagersQuery {
    private final Context ctx;

    public RunnerManagersQuery(Context ctx) {
        this.ctx = ctx;
    }

    public StatusReport.GitLabView read() {
        Secret pat = CreateRunnerTokenStep.readSecret(ctx.layout().personalAccessTokenFile());
        long runnerId = CreateRunnerTokenStep.storedRunnerId(ctx.layout().runnerIdFile());
        if (pat.isEmpty() || runnerId == 0) {
            return unavailable(0, "the tool keeps no personal access token or runner id in "
                    + ctx.layout().secretsDir() + " (made by `up --complete` when it creates or checks the runner)");
        }
        try {
            return new StatusReport.GitLabView(runnerId,
                    new GitLabApi(ctx.config().server().hostUrl()).runnerManagers(pat, runnerId), "");
        } catch (GitLabApi.UnauthorizedException e) {
            return unavailable(runnerId, "GitLab no longer accepts the tool's personal access token (it lasts "
                    + CreateRunnerTokenStep.PAT_DAYS + " days); the next `up --complete` makes a new one");
        } catch (GitLabException e) {
            return unavailable(runnerId, e.getMessage());
        }
    }

    private static StatusReport.GitLabView unavailable(long runnerId, String why) {
        return new StatusReport.GitLabView(runnerId, List.of(), why);
    }
}
