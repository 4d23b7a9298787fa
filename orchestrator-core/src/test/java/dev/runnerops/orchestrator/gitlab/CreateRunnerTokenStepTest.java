package dev.runnerops.orchestrator.gitlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitLab's documented runner creation, against a fake REST API and the in-memory engine's gitlab-rails. */
class CreateRunnerTokenStepTest {
    @TempDir
    Path dir;

    private static FakeDockerEngine gitlabRunning() {
        FakeDockerEngine engine = new FakeDockerEngine().withImage("gitlab:1");
        engine.addContainer(new ContainerSpec(Service.GITLAB, "p-gitlab", "gitlab:1", "gitlab-server", "net", List.of(),
                Map.of(), List.of(), List.of(), "no", 0, false, Map.of()), true);
        return engine;
    }

    @Test
    void aStoredTokenThatGitLabStillKnowsIsReused() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().runnerTokenFile(), "glrt-stored0000000000000\n");
        Files.createDirectories(p.layout().runnerConfigDir());
        Files.writeString(p.layout().runnerSystemIdFile(), "r_0123456789ab\n");
        FakeDockerEngine engine = gitlabRunning();
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort).answer("POST /api/v4/runners/verify", 200, "{}")) {
            Secret token = new CreateRunnerTokenStep(p.context(engine)).run("p-gitlab");
            assertThat(token.reveal()).isEqualTo("glrt-stored0000000000000");
            // With this host's system_id, so GitLab records no manager that belongs to no host.
            assertThat(gitlab.requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/api/v4/runners/verify");
                assertThat(r.form()).containsEntry("system_id", "r_0123456789ab");
            });
        }
        assertThat(engine.execs()).isEmpty();
    }

    @Test
    void anExpiredPersonalAccessTokenIsReplacedOnceAndTheRunnerCreated() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-expired\n");
        FakeDockerEngine engine = gitlabRunning().onExec(List.of("gitlab-rails", "runner"), new ExecResult(0, "", ""));
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)
                .answer("POST /api/v4/user/runners", 401, "{\"message\":\"401 Unauthorized\"}")
                .answer("POST /api/v4/user/runners", 201, "{\"id\":7,\"token\":\"glrt-new000000000000000\"}")) {
            Secret token = new CreateRunnerTokenStep(p.context(engine)).run("p-gitlab");
            assertThat(token.reveal()).isEqualTo("glrt-new000000000000000");
            List<FakeGitLab.Request> creations = gitlab.requests().stream()
                    .filter(r -> r.path().equals("/api/v4/user/runners")).toList();
            assertThat(creations).hasSize(2);
            assertThat(creations.get(0).privateToken()).isEqualTo("glpat-expired");
            String newPat = creations.get(1).privateToken();
            assertThat(newPat).startsWith("glpat-").isNotEqualTo("glpat-expired");
            // The new PAT went to gitlab-rails through the exec's environment, not its arguments.
            assertThat(engine.execs()).singleElement().satisfies(call -> {
                assertThat(call.env()).containsEntry(CreateRunnerTokenStep.PAT_ENV, newPat);
                assertThat(String.join(" ", call.cmd())).doesNotContain(newPat);
            });
        }
        assertThat(p.layout().runnerTokenFile()).hasContent("glrt-new000000000000000");
        assertThat(p.layout().runnerIdFile()).hasContent("7");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.layout().runnerTokenFile())))
                .isEqualTo("rw-------");
    }

    @Test
    void aStoredPersonalAccessTokenThatCannotListManagersIsRenewedAndTheRunnerIdKept() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().runnerTokenFile(), "glrt-stored0000000000000\n");
        // Made by an earlier version: scope create_runner only.
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-narrow\n");
        FakeDockerEngine engine = gitlabRunning().onExec(List.of("gitlab-rails", "runner"), new ExecResult(0, "", ""));
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)
                .answer("POST /api/v4/runners/verify", 200, "{\"id\":12,\"token\":\"glrt-stored0000000000000\"}")
                .answer("GET /api/v4/runners/12/managers", 403, "{\"error\":\"insufficient_scope\"}")) {
            Secret token = new CreateRunnerTokenStep(p.context(engine)).run("p-gitlab");
            assertThat(token.reveal()).isEqualTo("glrt-stored0000000000000");
            assertThat(gitlab.requests()).extracting(FakeGitLab.Request::path)
                    .containsExactly("/api/v4/runners/verify", "/api/v4/runners/12/managers");
            assertThat(gitlab.requests().get(1).privateToken()).isEqualTo("glpat-narrow");
        }
        assertThat(engine.execs()).singleElement().satisfies(call ->
                assertThat(String.join(" ", call.cmd())).contains("scopes: ['create_runner', 'manage_runner']")
                        .contains("expires_at: 30.days.from_now"));
        assertThat(p.layout().personalAccessTokenFile()).content().startsWith("glpat-").doesNotContain("narrow");
        assertThat(p.layout().runnerIdFile()).hasContent("12");
        assertThat(p.finishedSteps()).anySatisfy(line -> assertThat(line).contains("personal access token renewed"));
    }

    @Test
    void aStoredPersonalAccessTokenThatListsManagersIsKept() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().runnerTokenFile(), "glrt-stored0000000000000\n");
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-good\n");
        FakeDockerEngine engine = gitlabRunning();
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)
                .answer("POST /api/v4/runners/verify", 200, "{\"id\":12,\"token\":\"glrt-stored0000000000000\"}")
                .answer("GET /api/v4/runners/12/managers", 200, "[]")) {
            new CreateRunnerTokenStep(p.context(engine)).run("p-gitlab");
        }
        assertThat(engine.execs()).isEmpty();
        assertThat(p.layout().personalAccessTokenFile()).hasContent("glpat-good");
        assertThat(p.layout().runnerIdFile()).hasContent("12");
    }

    @Test
    void anAlreadyRegisteredRunnerStillGetsAnExpiredPersonalAccessTokenRenewed() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().runnerTokenFile(), "glrt-stored0000000000000\n");
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-expired\n");
        FakeDockerEngine engine = gitlabRunning().onExec(List.of("gitlab-rails", "runner"), new ExecResult(0, "", ""));
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)
                .answer("POST /api/v4/runners/verify", 200, "{\"id\":12,\"token\":\"glrt-stored0000000000000\"}")
                .answer("GET /api/v4/runners/12/managers", 401, "{\"error\":\"invalid_token\"}")) {
            new CreateRunnerTokenStep(p.context(engine)).keepReadAccess("p-gitlab");
        }
        assertThat(engine.execs()).hasSize(1);
        assertThat(p.layout().personalAccessTokenFile()).content().doesNotContain("expired");
        assertThat(p.layout().runnerIdFile()).hasContent("12");
        assertThat(p.notices(ProgressEvent.Level.INFO))
                .anySatisfy(m -> assertThat(m).contains("new personal access token"));
    }

    @Test
    void aGitLabThatCannotBeAskedOnlyWarnsWhenTheRunnerIsAlreadyRegistered() throws IOException {
        TestContext p = TestContext.in(dir); // nothing listens on GitLab's port
        Files.createDirectories(p.layout().secretsDir());
        Files.writeString(p.layout().runnerTokenFile(), "glrt-stored0000000000000\n");
        Files.writeString(p.layout().personalAccessTokenFile(), "glpat-good\n");
        new CreateRunnerTokenStep(p.context(gitlabRunning())).keepReadAccess("p-gitlab");
        assertThat(p.notices(ProgressEvent.Level.WARNING)).singleElement().satisfies(m ->
                assertThat(m).contains("may not list GitLab's runner managers").doesNotContain("glpat-good"));
    }

    @Test
    void aGitLabWithoutRootIsSaidPlainly() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = gitlabRunning().onExec(List.of("gitlab-rails", "runner"), new ExecResult(1, "",
                "Please specify a valid ruby command or the path of a script to run.\nRun 'bin/rails runner -h' for "
                        + "help.\n\nundefined method `personal_access_tokens' for nil"));
        try (FakeGitLab gitlab = new FakeGitLab(p.httpPort)) {
            assertThatThrownBy(() -> new CreateRunnerTokenStep(p.context(engine)).run("p-gitlab"))
                    .isInstanceOf(GitLabException.class)
                    .hasMessageContaining("has no root user")
                    .hasMessageContaining("Could not create the default administrator account")
                    .hasMessageContaining("clean --delete-gitlab-data");
        }
    }
}
