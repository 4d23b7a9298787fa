package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With an engine that is not on this machine, what containers mount lives in the project's volumes there. */
class EngineStateTest {
    private static final String DATA = "/var/lib/docker/volumes/p-state/_data";

    @TempDir
    Path dir;

    private FakeDockerEngine remoteEngine() {
        return new FakeDockerEngine().remote().withImage("runner:1");
    }

    @Test
    void nothingTheRunnerMountsIsAPathOfThisMachine() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        var runner = engine.containerNamed("p-runner").orElseThrow();
        assertThat(runner.mounts).isNotEmpty().allSatisfy(m -> assertThat(m.source())
                .doesNotStartWith(dir.toString()));
        assertThat(runner.mounts).extracting(m -> m.source() + ":" + m.target()).contains(
                DATA + "/runner/config:/etc/gitlab-runner",
                "/var/run/docker.sock:/var/run/docker.sock",
                DATA + "/aws/credentials:/root/.aws/credentials",
                DATA + "/helper/helper:/usr/local/bin/docker-credential-ecr-login");
    }

    @Test
    void theFilesContainersMountAreCopiedIntoTheStateVolume() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        assertThat(engine.allVolumes()).containsExactly("p-state");
        String credentials = readString(dir.resolve("creds"));
        assertThat(engine.volumeFile("p-state", "aws/credentials")).hasValueSatisfying(b -> assertThat(
                new String(b, StandardCharsets.UTF_8)).isEqualTo(credentials));
        assertThat(engine.volumeFile("p-state", "helper/helper")).isPresent();
        assertThat(engine.volumeFile("p-state", "runner/docker-config.json")).hasValueSatisfying(b -> assertThat(
                new String(b, StandardCharsets.UTF_8)).contains("credHelpers"));
        // The access container that wrote them is gone again.
        assertThat(engine.allContainers()).extracting(c -> c.name).containsExactly("p-runner");
    }

    @Test
    void aSecondUpCopiesNothingAgain() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        p.events.clear();
        var result = up(p, engine);
        assertThat(result.containers()).containsEntry("p-runner", Outcome.UNCHANGED);
        assertThat(p.finishedSteps()).anyMatch(s -> s.contains("state on the engine p-state: unchanged"))
                .anyMatch(s -> s.contains("job Docker config docker-config.json: unchanged"));
    }

    @Test
    void changedCredentialsAreCopiedAgain() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        Files.writeString(dir.resolve("creds"), "[default]\naws_access_key_id = AKIANEW\n");
        p.events.clear();
        up(p, engine);
        assertThat(p.finishedSteps()).anyMatch(s -> s.contains("state on the engine p-state: written (AWS credentials)"));
        assertThat(engine.volumeFile("p-state", "aws/credentials")).hasValueSatisfying(b -> assertThat(
                new String(b, StandardCharsets.UTF_8)).contains("AKIANEW"));
    }

    @Test
    void cleanWithRemoveStateRemovesTheVolume() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        var result = new CleanOperation(p.context(engine)).run(new CleanOptions(true, false));
        assertThat(engine.allVolumes()).isEmpty();
        assertThat(engine.allContainers()).isEmpty();
        assertThat(result.removedFiles()).contains("volume p-state on tcp://engine.example:2376");
    }

    @Test
    void statusSaysWhereTheStateLives() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = remoteEngine();
        up(p, engine);
        StatusReport status = new StatusOperation(p.context(engine)).run();
        assertThat(status.state()).isEqualTo("volumes p-state on the engine at tcp://engine.example:2376");
    }

    @Test
    void projectStateHostKeepsTheFolderEvenForAnEngineElsewhere() throws IOException {
        TestContext p = TestContext.in(dir, "[network]\nname = \"n\"\n");
        var config = dev.runnerops.orchestrator.config.TestConfigs.load(dir, Files.readString(dir.resolve(
                "orchestrator.toml")).replace("lock_timeout = \"2s\"", "lock_timeout = \"2s\"\nstate = \"host\""));
        FakeDockerEngine engine = remoteEngine();
        assertThat(p.context(config, engine).site().mounts().onEngine()).isFalse();
    }

    /** As the facade runs it: the site's access container is closed when the operation ends. */
    private static dev.runnerops.orchestrator.model.UpResult up(TestContext p, FakeDockerEngine engine) {
        var ctx = p.context(engine);
        try {
            return new UpOperation(ctx).run(Mode.RUNNER_ONLY);
        } finally {
            ctx.site().close();
        }
    }

    private static String readString(Path p) throws IOException {
        return Files.readString(p);
    }
}
