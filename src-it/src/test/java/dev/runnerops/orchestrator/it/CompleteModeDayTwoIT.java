package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tomlj.Toml;

/**
 * Day two of {@code up --complete}, through the CLI as a user runs it: passwords GitLab would refuse, two runs
 * at once, a changed GitLab setting, a run killed half-way, and {@code clean} deleting the runner it created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompleteModeDayTwoIT {
    private TestProject project;

    @BeforeAll
    void setUp() throws Exception {
        project = TestProject.create();
    }

    @AfterAll
    void tearDown() throws Exception {
        project.cli("clean", "--remove-state", "--delete-gitlab-data");
        project.close();
    }

    private int httpPort() {
        return (Integer) project.get("server", "http_port");
    }

    /** Runners the project's GitLab knows (the stand-in keeps one folder per runner in its data volume). */
    private long runnersInGitLab() throws Exception {
        Path runners = project.state().gitlabDataDir().resolve("standin/runners");
        if (!Files.isDirectory(runners)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(runners)) {
            return dirs.filter(Files::isDirectory).count();
        }
    }

    private int verify(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort()
                        + "/api/v4/runners/verify")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int runnerEntries() throws Exception {
        var runners = Toml.parse(project.state().runnerConfigToml()).getArray("runners");
        return runners == null ? 0 : runners.size();
    }

    @Test
    @Order(1)
    void aPasswordGitLabWouldRefuseIsRefusedWithNothingCreated() throws Exception {
        project.set("server", "root_password", "MyGitlabRoot2026!").write();
        TestProject.CliResult r = project.cli("up", "--complete");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("server.root_password", "\"gitlab\"", "never create the root user")
                .doesNotContain("MyGitlabRoot2026!");
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
        assertThat(project.state().root()).doesNotExist();
    }

    @Test
    @Order(2)
    void aRootPasswordInTheServerEnvironmentIsRefusedNamingTheSettingToUse() throws Exception {
        project.set("server", "root_password", "").set("server", "environment",
                Map.of("STANDIN_BOOT_SECONDS", "2", "GITLAB_ROOT_PASSWORD", "Sneaky-Override-77")).write();
        TestProject.CliResult r = project.cli("up", "--complete");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("server.environment sets GITLAB_ROOT_PASSWORD", "server.root_password");
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        project.set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "2")).write();
    }

    @Test
    @Order(3)
    void twoRunsAtOnceEndWithOneOfEverything() throws Exception {
        TestProject.RunningCli first = project.cliInBackground("up", "--complete");
        TestProject.RunningCli second = project.cliInBackground("up", "--complete");
        TestProject.CliResult a = first.await();
        TestProject.CliResult b = second.await();
        assertThat(a.exitCode()).as(a.all()).isZero();
        assertThat(b.exitCode()).as(b.all()).isZero();
        assertThat(a.stderr() + b.stderr()).contains("Another operation on this project is running");
        assertThat(TestDocker.projectContainers(project.name)).extracting(c -> c.getNames()[0])
                .containsExactlyInAnyOrder("/" + project.gitlabContainer(), "/" + project.runnerContainer());
        assertThat(TestDocker.projectNetworks(project.name)).hasSize(1);
        assertThat(runnerEntries()).isEqualTo(1);
        assertThat(runnersInGitLab()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aChangedGitLabSettingRecreatesGitLabKeepingItsDataAndTheRunner() throws Exception {
        String gitlabId = TestDocker.inspect(project.gitlabContainer()).getId();
        String runnerId = TestDocker.inspect(project.runnerContainer()).getId();
        String seeded = Files.readString(project.state().gitlabDataDir().resolve("standin/root_password"));
        String token = Files.readString(project.state().runnerTokenFile()).strip();
        project.set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "2", "TZ", "Europe/Berlin")).write();

        TestProject.CliResult r = project.cli("up", "--complete");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stderr()).contains("container " + project.gitlabContainer() + ": recreated (configuration changed)");
        assertThat(r.stdout()).contains("runner registration: already registered", "runner: verified");
        assertThat(TestDocker.inspect(project.gitlabContainer()).getId()).isNotEqualTo(gitlabId);
        assertThat(CompleteModeIT.env(TestDocker.inspect(project.gitlabContainer()))).containsEntry("TZ", "Europe/Berlin");
        assertThat(TestDocker.inspect(project.runnerContainer()).getId()).isEqualTo(runnerId);
        assertThat(project.state().gitlabDataDir().resolve("standin/root_password")).hasContent(seeded);
        assertThat(verify(token)).isEqualTo(200);
        assertThat(runnersInGitLab()).isEqualTo(1);
        assertThat(runnerEntries()).isEqualTo(1);
        assertThat(TestDocker.projectContainers(project.name)).hasSize(2);
    }

    @Test
    @Order(5)
    void aRunKilledHalfWayIsConvergedByTheNext() throws Exception {
        // A slow boot, so that the run is surely waiting for GitLab when it is killed.
        project.set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "30")).write();
        TestProject.RunningCli run = project.cliInBackground("up", "--complete");
        assertThat(run.awaitStderr("container " + project.gitlabContainer() + ": recreated", 120))
                .as("the killed run got as far as replacing GitLab").isTrue();
        run.kill();

        project.set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "2")).write();
        TestProject.CliResult r = project.cli("up", "--complete");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("runner: verified");
        assertThat(TestDocker.projectContainers(project.name)).hasSize(2);
        assertThat(runnerEntries()).isEqualTo(1);
        assertThat(runnersInGitLab()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void cleanDeletesTheRunnerItCreatedSoItsTokenNoLongerVerifies() throws Exception {
        String token = Files.readString(project.state().runnerTokenFile()).strip();
        assertThat(verify(token)).isEqualTo(200);
        // GitLab is stopped by clean; a second, bare one on the same data answers the question afterwards.
        TestProject.CliResult r = project.cli("clean");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.stdout()).contains("deleted in GitLab: runner");
        assertThat(r.all()).doesNotContain(token);
        assertThat(runnersInGitLab()).isZero();
        assertThat(Toml.parse(project.state().runnerConfigToml()).getArray("runners")).isNull();

        TestProject.CliResult again = project.cli("up", "--complete");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(verify(token)).isEqualTo(403);
        assertThat(runnersInGitLab()).isEqualTo(1);
    }
}
