package dev.runnerops.orchestrator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import dev.runnerops.orchestrator.steps.Done;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;

class ConvergeRunnerConfigStepTest {
    private static final RunnerConfigSpec SPEC = new RunnerConfigSpec(2, new RunnerEntrySpec("ci-1",
            "http://gitlab-server:8800", "docker", "alpine:3.22", true, List.of("/s/cache:/cache"), "net",
            List.of("DOCKER_AUTH_CONFIG={\"credHelpers\":{\"1.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"}}"),
            List.of()));

    @TempDir
    Path dir;

    private void registered(TestContext p) throws IOException {
        Files.createDirectories(p.layout().runnerConfigDir());
        Files.writeString(p.layout().runnerConfigToml(), """
                concurrent = 1

                [[runners]]
                  name = "ci-1"
                  url = "http://gitlab-server:8800"
                  token = "glrt-keepme"
                  token_obtained_at = 2026-11-25T20:15:51Z
                  executor = "docker"
                  environment = ["DOCKER_AUTH_CONFIG={\\"credsStore\\":\\"ecr-login\\"}"]
                  [runners.docker]
                    image = "alpine:3.22"
                    privileged = true
                    volumes = ["/s/cache:/cache"]
                    network_mode = "net"
                """);
    }

    @Test
    void changedKeysAreRewrittenAtomicallyOwnerOnlyAndNamed() throws IOException {
        TestContext p = TestContext.in(dir);
        registered(p);
        Done done = new ConvergeRunnerConfigStep(p.context(new FakeDockerEngine())).run(null, SPEC);
        assertThat(done).isEqualTo(Done.of(Outcome.UPDATED, "concurrent, environment"));
        var toml = Toml.parse(p.layout().runnerConfigToml());
        assertThat(toml.getLong("concurrent")).isEqualTo(2);
        assertThat(toml.getArray("runners").getTable(0).getString("token")).isEqualTo("glrt-keepme");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.layout().runnerConfigToml())))
                .isEqualTo("rw-------");
        try (var files = Files.list(p.layout().runnerConfigDir())) {
            assertThat(files).containsExactly(p.layout().runnerConfigToml()); // no temporary file left
        }
    }

    @Test
    void aSecondRunFindsNothingToDoAndLeavesTheFileAlone() throws IOException {
        TestContext p = TestContext.in(dir);
        registered(p);
        ConvergeRunnerConfigStep step = new ConvergeRunnerConfigStep(p.context(new FakeDockerEngine()));
        step.run(null, SPEC);
        long modified = Files.getLastModifiedTime(p.layout().runnerConfigToml()).toMillis();
        assertThat(step.run(null, SPEC)).isEqualTo(Done.of(Outcome.UNCHANGED));
        assertThat(Files.getLastModifiedTime(p.layout().runnerConfigToml()).toMillis()).isEqualTo(modified);
        assertThat(step.drift(null, SPEC)).isEmpty();
    }

    @Test
    void driftIsReportedWithoutWriting() throws IOException {
        TestContext p = TestContext.in(dir);
        registered(p);
        String before = Files.readString(p.layout().runnerConfigToml());
        assertThat(new ConvergeRunnerConfigStep(p.context(new FakeDockerEngine())).drift(null, SPEC))
                .containsExactly("concurrent", "environment");
        assertThat(p.layout().runnerConfigToml()).hasContent(before);
    }

    @Test
    void anUnregisteredRunnerIsSkipped() throws IOException {
        TestContext p = TestContext.in(dir);
        assertThat(new ConvergeRunnerConfigStep(p.context(new FakeDockerEngine())).run(null, SPEC))
                .isEqualTo(Done.of(Outcome.SKIPPED, "not registered"));
        assertThat(p.layout().runnerConfigToml()).doesNotExist();
    }
}
