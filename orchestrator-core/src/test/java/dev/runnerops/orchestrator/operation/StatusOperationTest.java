package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.gitlab.FakeGitLab;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} against the in-memory engine: this host's manager, and GitLab's list where this host runs it. */
class StatusOperationTest {
    @TempDir
    Path dir;

    private static FakeDockerEngine running(TestContext p, Mode mode, boolean gitlabRunning) {
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1")
                .withImage("gitlab:1");
        StackPlan plan = Plans.of(p.context(engine), mode);
        plan.gitlab().ifPresent(g -> engine.addContainer(g, gitlabRunning));
        engine.addContainer(plan.runner(), true);
        return engine;
    }

    private static void runnerStartedOnce(TestContext p) throws IOException {
        Files.createDirectories(p.layout().runnerConfigDir());
        Files.writeString(p.layout().runnerSystemIdFile(), "r_0123456789ab\n");
    }

    @Test
    void whereGitLabRunsStatusListsItsManagersOfTheRunner() throws IOException {
        TestContext p = TestContext.in(dir);
        runnerStartedOnce(p);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-good\n");
        Files.writeString(p.layout().runnerIdFile(), "3\n");
        FakeDockerEngine engine = running(p, Mode.COMPLETE, true);
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort).answer("GET /api/v4/runners/3/managers", 200,
                "[{\"id\":1,\"system_id\":\"r_0123456789ab\",\"status\":\"online\",\"contacted_at\":null,"
                        + "\"ip_address\":\"172.18.0.3\",\"version\":\"19.4.1\"}]")) {
            StatusReport report = new StatusOperation(p.context(engine)).run();
            assertThat(report.runnerSystemId()).isEqualTo("r_0123456789ab");
            assertThat(report.gitlab().runnerId()).isEqualTo(3);
            assertThat(report.gitlab().managers()).extracting(StatusReport.Manager::systemId)
                    .containsExactly("r_0123456789ab");
        }
    }

    @Test
    void aStoppedGitLabIsSaidAndNotAsked() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = running(p, Mode.COMPLETE, false);
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)) {
            StatusReport report = new StatusOperation(p.context(engine)).run();
            assertThat(report.gitlab().unavailable()).contains("not running");
            assertThat(gitlab.requests()).isEmpty();
        }
    }

    @Test
    void runnerOnlyHasNoGitLabListButNamesThisHostsManager() throws IOException {
        TestContext p = TestContext.in(dir);
        runnerStartedOnce(p);
        FakeDockerEngine engine = running(p, Mode.RUNNER_ONLY, true);
        StatusReport report = new StatusOperation(p.context(engine)).run();
        assertThat(report.gitlab()).isNull();
        assertThat(report.runnerSystemId()).isEqualTo("r_0123456789ab");
    }
}
