package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.gitlab.GitLabException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What complete mode does when GitLab never gets ready, and when its port is taken. */
class CompleteModeFailuresIT {

    @Test
    void aGitLabThatNeverGetsReadyTimesOutWithItsLogsAndStaysUpForInspection() throws Exception {
        try (TestProject project = TestProject.create()) {
            project.set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "100000"))
                    .set("server", "ready_timeout", "4s").write();
            try (Orchestrator o = project.orchestrator()) {
                assertThatThrownBy(() -> o.up(Mode.COMPLETE))
                        .isInstanceOf(GitLabException.class)
                        .hasMessageContaining("Timed out after 4 s waiting for GitLab's /-/readiness")
                        .hasMessageContaining("server.ready_timeout")
                        .hasMessageContaining("Last lines of " + project.gitlabContainer())
                        .hasMessageContaining("Recipe: gitlab::");
            }
            assertThat(TestDocker.inspect(project.gitlabContainer()).getState().getRunning()).isTrue();
            assertThat(TestDocker.inspect(project.runnerContainer()).getState().getRunning()).isTrue();
            assertThat(project.state().runnerConfigToml()).doesNotExist();
        }
    }

    @Test
    void anImageThatIsNeitherLocalNorPullableFailsBeforeAnythingIsCreated() throws Exception {
        try (TestProject project = TestProject.create(); LocalRegistry registry = new LocalRegistry()) {
            String missing = registry.publish(StandIns.GITLAB, project.name, "gitlab-ce:19.4.1-ce.0")
                    .replace(":19.4.1-ce.0", ":no-such-tag");
            project.set("server", "image", missing).write();
            try (Orchestrator o = project.orchestrator()) {
                assertThatThrownBy(() -> o.up(Mode.COMPLETE))
                        .hasMessageContaining("The image " + missing + " (server.image) is neither on this Docker "
                                + "engine nor pullable")
                        .hasMessageContaining("not found");
            }
            assertThat(TestDocker.projectContainers(project.name)).isEmpty();
            assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
        }
    }

    @Test
    void aPublishedPortInUseIsNamedBeforeAnythingIsCreated() throws Exception {
        try (TestProject project = TestProject.create();
             ServerSocket taken = new ServerSocket()) {
            int port = (Integer) project.get("server", "http_port");
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            try (Orchestrator o = project.orchestrator()) {
                assertThatThrownBy(() -> o.up(Mode.COMPLETE))
                        .hasMessageContaining("server.http_port = " + port)
                        .hasMessageContaining("127.0.0.1:" + port + " is already in use");
            }
            assertThat(TestDocker.projectContainers(project.name)).isEmpty();
            assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
        }
    }
}
