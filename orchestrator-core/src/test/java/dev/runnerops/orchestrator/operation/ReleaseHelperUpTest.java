package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.EngineInfo;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.plan.HelperPlan;
import dev.runnerops.orchestrator.plan.HelperPlatform;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.steps.ProvideHelperStep;
import dev.runnerops.orchestrator.steps.ReleaseServer;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helper.source = "release"} through {@code up} on the in-memory engine, against a release bucket on
 * loopback: the engine's architecture picks the file, the sum decides whether it is kept, a second run
 * downloads nothing.
 */
class ReleaseHelperUpTest {
    private static final EngineInfo ARM64 = new EngineInfo("20.10.24", "1.41", "linux", "aarch64", 16L << 30, "/var/lib/docker");

    @TempDir
    Path dir;

    private final ReleaseServer releases = new ReleaseServer();
    private final byte[] armBinary = bytes(1, 3_000_000);
    private final byte[] amdBinary = bytes(2, 1_000_000);

    ReleaseHelperUpTest() throws IOException {
        releases.serve("/0.11.0/linux-arm64/docker-credential-ecr-login", armBinary)
                .serve("/0.11.0/linux-amd64/docker-credential-ecr-login", amdBinary);
    }

    @AfterEach
    void stop() {
        releases.close();
    }

    private TestContext project(String sha256) throws IOException {
        return TestContext.withHelper(dir, """
                [helper]
                release_url = "%s"
                sha256 = "%s"
                """.formatted(releases.template(), sha256));
    }

    private static FakeDockerEngine engine(TestContext p, EngineInfo info) {
        return new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1").withInfo(info);
    }

    @Test
    void anArm64EngineGetsTheArm64FileVerifiedAndASecondUpDownloadsNothing() throws IOException {
        String sum = ReleaseServer.sha256(armBinary);
        TestContext p = project(sum);
        FakeDockerEngine engine = engine(p, ARM64);
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);

        Path helper = p.layout().helperBinary("release-v0.11.0-linux-arm64-" + sum);
        assertThat(releases.requests).containsExactly("/0.11.0/linux-arm64/docker-credential-ecr-login");
        assertThat(Files.readAllBytes(helper)).isEqualTo(armBinary);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helper))).isEqualTo("rwxr-xr-x");
        assertThat(engine.containerNamed("p-runner")).isPresent();
        assertThat(Plans.of(p.context(engine), Mode.RUNNER_ONLY).runner().mounts())
                .anyMatch(m -> m.source().equals(helper) && m.target().equals(StackPlanner.HELPER_TARGET));
        assertThat(p.finishedSteps()).anyMatch(s -> s.matches("\\d/7 helper v0\\.11\\.0: downloaded \\(linux-arm64, "
                + "3\\.0 MB, sha256 " + sum.substring(0, 12) + "…\\)"));
        var transfers = p.events.stream().filter(e -> e instanceof ProgressEvent.Transfer t
                && t.step().kind() == StepKind.HELPER).map(e -> (ProgressEvent.Transfer) e).toList();
        assertThat(transfers).isNotEmpty().allMatch(t -> t.total() == armBinary.length);
        assertThat(transfers.get(transfers.size() - 1).current()).isEqualTo(armBinary.length);
        assertThat(p.layout().helperDir().toFile().list()).containsExactly(helper.getFileName().toString());

        p.events.clear();
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(releases.requests).hasSize(1);
        assertThat(p.finishedSteps()).anyMatch(s -> s.endsWith("helper v0.11.0: reused (linux-arm64)"));
    }

    @Test
    void aWrongSumIsRefusedWithBothSumsAndLeavesNoFileAndNoContainer() throws IOException {
        String wrong = ReleaseServer.sha256(amdBinary); // the amd64 file's sum, asked of an arm64 engine
        TestContext p = project(wrong);
        FakeDockerEngine engine = engine(p, ARM64);
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("has SHA-256 " + ReleaseServer.sha256(armBinary))
                .hasMessageContaining("but " + wrong + " was expected (from helper.sha256)")
                .hasMessageContaining("deleted and never run");
        try (Stream<Path> files = Files.list(p.layout().helperDir())) {
            assertThat(files).isEmpty();
        }
        assertThat(engine.allContainers()).isEmpty();
        assertThat(engine.allNetworks()).isEmpty();
    }

    @Test
    void aMissingFileNamesTheVersion() throws IOException {
        TestContext p = TestContext.withHelper(dir, """
                [helper]
                release_url = "%s/missing/{version}/{os}-{arch}"
                """.formatted(releases.base()));
        assertThatThrownBy(() -> new UpOperation(p.context(engine(p, ARM64))).run(Mode.RUNNER_ONLY))
                .hasMessageContaining("Cannot download docker-credential-ecr-login from " + releases.base()
                        + "/missing/0.11.0/linux-arm64: HTTP 404: there is no such file")
                .hasMessageContaining("helper.version = \"v0.11.0\"");
    }

    @Test
    void anUnsupportedEngineArchitectureStopsUpBeforeAnythingIsCreated() throws IOException {
        TestContext p = project(ReleaseServer.sha256(armBinary));
        FakeDockerEngine engine = engine(p, new EngineInfo("20.10.24", "1.41", "linux", "s390x", 16L << 30, "/var/lib/docker"));
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .hasMessageContaining("architecture is \"s390x\"");
        assertThat(releases.requests).isEmpty();
        assertThat(engine.allContainers()).isEmpty();
        assertThat(engine.allNetworks()).isEmpty();
    }

    @Test
    void theDownloadGoesThroughTheProxyTheEnvironmentNames() throws IOException {
        // The loopback server plays the proxy: a client using it sends it the absolute URL of the remote host
        // (a .invalid name, never resolved: only the proxy is connected to). NO_PROXY: ProxyEnvironmentTest.
        TestContext p = project(ReleaseServer.sha256(amdBinary));
        String remote = "http://releases.example.invalid/0.11.0/linux-amd64/docker-credential-ecr-login";
        HelperPlan plan = new HelperPlan(HelperSource.RELEASE, "v0.11.0", Optional.of(new HelperPlatform("linux", "amd64")),
                Optional.of(remote), Optional.of(ReleaseServer.sha256(amdBinary)), p.layout().helperBinary("proxied"));
        new ProvideHelperStep(p.context(new FakeDockerEngine()), Map.of("http_proxy", releases.base())).run(plan);
        assertThat(releases.targets).containsExactly(remote);
        assertThat(Files.readAllBytes(plan.binary())).isEqualTo(amdBinary);
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
