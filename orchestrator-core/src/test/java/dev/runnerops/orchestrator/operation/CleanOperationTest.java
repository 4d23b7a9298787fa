package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.gitlab.FakeGitLab;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;

/** {@code clean} against the in-memory engine and a fake GitLab API: what goes, what stays, and in what order. */
class CleanOperationTest {
    private static final String TOOL_TOKEN = "glrt-createdbyupcomplete1";
    private static final String USER_TOKEN = "glrt-fromtheuserstokenxx";

    @TempDir
    Path dir;

    private FakeDockerEngine upRunner(TestContext p) {
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1")
                .withImage("gitlab:1");
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        engine.addContainer(Plans.of(p.context(engine), Mode.RUNNER_ONLY).runner(), true);
        return engine;
    }

    private static void writeConfigToml(TestContext p, String url, String token) throws IOException {
        Files.createDirectories(p.layout().runnerConfigDir());
        Files.writeString(p.layout().runnerConfigToml(), "concurrent = 1\n\n[[runners]]\n  name = \"gitlab-ecr-runner\"\n"
                + "  url = \"" + url + "\"\n  token = \"" + token + "\"\n  executor = \"docker\"\n");
    }

    /** As CreateRunnerTokenStep keeps it: 0600, recorded as the tool's own file. */
    private static void writeToolToken(TestContext p) {
        var state = p.context(new FakeDockerEngine()).state();
        state.ensureSecretsDirectory();
        state.write(p.layout().runnerTokenFile(), TOOL_TOKEN + "\n", true);
    }

    @Test
    void theRunnerUpCompleteCreatedIsDeletedInGitLabBeforeAnythingLocal() throws IOException {
        TestContext p = TestContext.in(dir);
        writeConfigToml(p, "http://gitlab-server:" + p.httpPort, TOOL_TOKEN);
        writeToolToken(p);
        FakeDockerEngine engine = upRunner(p);
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort).answer("DELETE /api/v4/runners", 204, "")) {
            CleanResult result = new CleanOperation(p.context(engine)).run(CleanOptions.keepData());
            assertThat(gitlab.requests()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.form()).containsEntry("token", TOOL_TOKEN);
            });
            assertThat(result.runnersDeleted()).containsExactly("gitlab-ecr-runner (http://gitlab-server:" + p.httpPort + ")");
            assertThat(result.leftInGitLab()).isEmpty();
        }
        // Its entry left config.toml with it; no manager was unregistered separately.
        assertThat(Toml.parse(p.layout().runnerConfigToml()).getArray("runners")).isNull();
        assertThat(engine.execs()).isEmpty();
        assertThat(p.finishedSteps().get(0)).startsWith("1/").contains("delete runner in GitLab gitlab-ecr-runner: deleted");
        assertThat(engine.allContainers()).isEmpty();
    }

    @Test
    void whenGitLabDoesNotAnswerTheRunnerIsReportedWithTheCallAndItsTokenIsKept() throws IOException {
        TestContext p = TestContext.in(dir);
        writeConfigToml(p, "http://gitlab-server:" + p.httpPort, TOOL_TOKEN);
        writeToolToken(p);
        FakeDockerEngine engine = upRunner(p);
        CleanResult result = new CleanOperation(p.context(engine)).run(new CleanOptions(true, false));

        assertThat(result.leftInGitLab()).singleElement().asString()
                .contains("curl --request DELETE", "$(cat " + p.layout().runnerTokenFile() + ")", "/api/v4/runners")
                .doesNotContain(TOOL_TOKEN);
        assertThat(p.layout().runnerTokenFile()).hasContent(TOOL_TOKEN + "\n");
        assertThat(result.keptFiles()).anyMatch(f -> f.contains("runner-authentication-token")
                && f.contains("still exists in GitLab"));
        assertThat(p.notices(ProgressEvent.Level.WARNING)).anyMatch(w -> w.contains("stays in GitLab"));
    }

    @Test
    void aRunnerOfTheUsersOwnTokenOnlyLosesThisHostsManagerOnceTheRunnerHasStopped() throws IOException {
        TestContext p = TestContext.in(dir);
        writeConfigToml(p, "https://gitlab.example.com", USER_TOKEN);
        FakeDockerEngine engine = upRunner(p).onProbe("unregister",
                new ExecResult(0, "", "Unregistering runner manager from GitLab succeeded"));
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)) {
            CleanResult result = new CleanOperation(p.context(engine)).run(CleanOptions.keepData());
            assertThat(gitlab.requests()).isEmpty();
            assertThat(result.managersUnregistered()).containsExactly("gitlab-ecr-runner @ https://gitlab.example.com");
            assertThat(result.runnersDeleted()).isEmpty();
        }
        // A runner still polling would make GitLab create the manager again: it stops before the unregistration.
        assertThat(engine.calls()).containsSubsequence("stop p-runner", "probe unregister --config "
                + "/etc/gitlab-runner/config.toml --name gitlab-ecr-runner", "remove p-runner");
        assertThat(engine.execs()).isEmpty();
        assertThat(engine.probes()).singleElement().satisfies(probe -> {
            assertThat(probe.image()).isEqualTo("runner:1");
            assertThat(probe.entrypoint()).isEmpty(); // the image's own: it installs a custom CA first
            assertThat(probe.binds()).containsExactly(p.layout().runnerConfigDir() + ":/etc/gitlab-runner");
            assertThat(probe.networkMode()).isEqualTo("gitlab-ecr-network");
        });
        assertThat(p.notices(ProgressEvent.Level.INFO)).anyMatch(n -> n.contains("stays in GitLab"));
    }

    @Test
    void aStoppedRunnerIsUnregisteredToo() throws IOException {
        TestContext p = TestContext.in(dir);
        writeConfigToml(p, "https://gitlab.example.com", USER_TOKEN);
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1")
                .onProbe("unregister", new ExecResult(0, "", "Unregistering runner manager from GitLab succeeded"));
        CleanResult result = new CleanOperation(p.context(engine)).run(CleanOptions.keepData());
        assertThat(result.managersUnregistered()).containsExactly("gitlab-ecr-runner @ https://gitlab.example.com");
        assertThat(engine.probes()).singleElement().satisfies(probe -> assertThat(probe.networkMode())
                .as("the project's network is gone with down").isEqualTo("bridge"));
    }

    @Test
    void removeStateDeletesOnlyWhatTheToolCreated() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1");
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        Path usersFile = p.layout().jobCacheDir().resolve("kept-by-a-job");
        Files.writeString(usersFile, "data");

        CleanResult result = new CleanOperation(p.context(engine)).run(new CleanOptions(true, false));

        assertThat(p.layout().jobDockerConfig()).doesNotExist();
        assertThat(usersFile).hasContent("data");
        assertThat(result.keptFiles()).anyMatch(f -> f.startsWith(p.layout().jobCacheDir().toString())
                && f.contains("did not create"));
        assertThat(result.removedFiles()).contains(p.layout().jobDockerConfig().toString());
    }

    @Test
    void withoutTheFlagGitLabsDataStays() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().gitlabDataDir());
        Files.writeString(p.layout().gitlabDataDir().resolve("repositories"), "precious");
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket());
        new CleanOperation(p.context(engine)).run(new CleanOptions(true, false));
        assertThat(p.layout().gitlabDataDir().resolve("repositories")).hasContent("precious");
    }
}
