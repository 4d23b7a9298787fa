package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The helper build path: a real multi-stage docker build (context streamed as a tar) with the golang
 * stand-in, the binary extracted through the archive API, temporary container and images removed.
 */
class HelperBuildIT {
    private static final Path DEBIAN_HELPER = Path.of("/usr/bin/docker-credential-ecr-login");

    private static TestProject buildProject(String version) throws Exception {
        TestProject project = TestProject.create();
        project.set("helper", "source", "build").set("helper", "version", version)
                .set("helper", "builder_image", StandIns.GOLANG).write();
        return project;
    }

    @Test
    void buildsOnceExtractsTheBinaryAndLeavesNoBuildResources() throws Exception {
        try (TestProject project = buildProject("v0.11.0")) {
            try (Orchestrator o = project.orchestrator()) {
                o.up(Mode.RUNNER_ONLY);
            }
            // the engine here is x86_64: the build is for linux/amd64, and the file says so
            Path helper = project.state().helperBinary("build-v0.11.0-linux-amd64");
            assertThat(project.outcomes(StepKind.HELPER, "v0.11.0")).containsExactly("built (linux-amd64)");
            assertThat(sha256(helper)).isEqualTo(sha256(DEBIAN_HELPER));
            assertThat(Files.isExecutable(helper)).isTrue();
            TestDocker.ExecOutput version = TestDocker.exec(project.runnerContainer(),
                    "docker-credential-ecr-login", "version");
            assertThat(version.exitCode()).isZero();
            assertThat(TestDocker.inspect(project.runnerContainer()).getMounts())
                    .anyMatch(m -> m.getSource().equals(helper.toString()) && !m.getRW());
            assertNoBuildLeftovers(project);

            long modified = Files.getLastModifiedTime(helper).toMillis();
            project.events.clear();
            try (Orchestrator o = project.orchestrator()) {
                o.up(Mode.RUNNER_ONLY);
            }
            assertThat(project.outcomes(StepKind.HELPER, "v0.11.0")).containsExactly("reused (linux-amd64)");
            assertThat(project.events).noneMatch(e -> e instanceof ProgressEvent.Transfer);
            assertThat(Files.getLastModifiedTime(helper).toMillis()).isEqualTo(modified);
        }
    }

    @Test
    void anUnknownVersionFailsWithTheBuildOutputAndLeavesNothing() throws Exception {
        try (TestProject project = buildProject("v9.9.9"); Orchestrator o = project.orchestrator()) {
            assertThatThrownBy(() -> o.up(Mode.RUNNER_ONLY))
                    .hasMessageContaining("Building docker-credential-ecr-login v9.9.9 for linux/amd64")
                    .hasMessageContaining("unknown revision v9.9.9")
                    .hasMessageContaining("helper.version");
            assertNoBuildLeftovers(project);
            assertThat(TestDocker.projectContainers(project.name)).isEmpty();
            assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
            assertThat(project.state().helperBinary("build-v9.9.9-linux-amd64")).doesNotExist();
        }
    }

    private static void assertNoBuildLeftovers(TestProject project) {
        var client = TestDocker.client();
        assertThat(client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.HELPER_BUILD, project.name)).exec()).isEmpty();
        assertThat(client.listImagesCmd().withShowAll(true)
                .withLabelFilter(Labels.HELPER_BUILD + "=" + project.name).exec()).isEmpty();
        assertThat(TestDocker.imageExists(project.name + "-ecr-helper-build:v0.11.0")).isFalse();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
