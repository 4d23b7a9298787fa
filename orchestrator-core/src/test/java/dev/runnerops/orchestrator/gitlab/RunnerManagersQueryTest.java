package dev.runnerops.orchestrator.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status's view of GitLab's runner managers, against a fake REST API that answers as GitLab's entity does. */
class RunnerManagersQueryTest {
    @TempDir
    Path dir;

    private TestContext withTokens() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-good\n");
        Files.writeString(p.layout().runnerIdFile(), "12\n");
        return p;
    }

    @Test
    void listsTheManagersAsGitLabDoes() throws IOException {
        TestContext p = withTokens();
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort).answer("GET /api/v4/runners/12/managers", 200, """
                [{"id":1,"system_id":"r_0123456789ab","version":"19.4.1","revision":"abc","platform":"linux",
                  "architecture":"amd64","created_at":"2026-11-26T10:00:00.000Z",
                  "contacted_at":"2026-11-26T10:05:00.000Z","ip_address":"172.18.0.3","status":"online",
                  "job_execution_status":"idle"},
                 {"id":2,"system_id":"<legacy>","version":null,"revision":null,"platform":null,
                  "architecture":null,"created_at":"2026-11-26T10:00:00.000Z","contacted_at":null,
                  "ip_address":null,"status":"never_contacted","job_execution_status":"idle"}]""")) {
            StatusReport.GitLabView view = new RunnerManagersQuery(p.context(new FakeDockerEngine())).read();
            assertThat(view.unavailable()).isEmpty();
            assertThat(view.runnerId()).isEqualTo(12);
            assertThat(view.managers()).containsExactly(
                    new StatusReport.Manager("r_0123456789ab", "online", "2026-11-26T10:05:00.000Z", "172.18.0.3",
                            "19.4.1"),
                    new StatusReport.Manager("<legacy>", "never_contacted", "", "", ""));
            assertThat(gitlab.requests()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("GET");
                assertThat(r.privateToken()).isEqualTo("glpat-good");
            });
        }
    }

    @Test
    void anExpiredTokenSaysWhatRenewsIt() throws IOException {
        TestContext p = withTokens();
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort).answer("GET /api/v4/runners/12/managers", 401,
                "{\"error\":\"invalid_token\",\"error_description\":\"Token has expired.\"}")) {
            StatusReport.GitLabView view = new RunnerManagersQuery(p.context(new FakeDockerEngine())).read();
            assertThat(view.managers()).isEmpty();
            assertThat(view.unavailable()).contains("no longer accepts").contains("`up --complete`")
                    .doesNotContain("glpat-good");
        }
    }

    @Test
    void withoutTheToolsTokensNothingIsAsked() throws IOException {
        TestContext p = TestContext.in(dir);
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)) {
            StatusReport.GitLabView view = new RunnerManagersQuery(p.context(new FakeDockerEngine())).read();
            assertThat(view.unavailable()).contains(p.layout().secretsDir().toString()).contains("up --complete");
            assertThat(gitlab.requests()).isEmpty();
        }
    }

    @Test
    void anUnreachableGitLabIsSaidNotThrown() throws IOException {
        TestContext p = withTokens(); // nothing listens on the configured port
        StatusReport.GitLabView view = new RunnerManagersQuery(p.context(new FakeDockerEngine())).read();
        assertThat(view.unavailable()).contains("Cannot reach GitLab");
    }
}
