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
        String id = CreateRunnerTokenStep.readSecret(ctx.layout().runnerIdFile()).reveal();
        if (pat.isEmpty() || !id.matches("[1-9][0-9]*")) {
            return unavailable(0, "the tool keeps no personal access token or runner id in "
                    + ctx.layout().secretsDir() + " (made by `up --complete` when it creates or checks the runner)");
        }
        long runnerId = Long.parseLong(id);
        try {
            List<StatusReport.Manager> managers = new GitLabApi(ctx.config().server().hostUrl())
                    .runnerManagers(pat, runnerId).stream()
                    .map(m -> new StatusReport.Manager(m.systemId(), m.status(), m.contactedAt(), m.ipAddress(),
                            m.version()))
                    .toList();
            return new StatusReport.GitLabView(runnerId, managers, "");
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
