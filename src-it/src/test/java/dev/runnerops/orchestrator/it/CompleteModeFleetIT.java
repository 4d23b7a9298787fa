package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;

/**
 * {@code up --complete} on a fleet: GitLab (the stand-in) and the runner it creates on the first host ("here",
 * this machine's engine), then the second engine ("there") joins as a second manager of that runner, reaching
 * GitLab at server.external_url. The name there is this machine's address on the second engine's bridge, which
 * the containers of both engines reach: what a DNS name of the first host is in a real fleet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CompleteModeFleetIT {
    private SecondEngine remote;
    private TestProject project;

    @BeforeAll
    void setUp() throws Exception {
        remote = SecondEngine.require();
        project = TestProject.create();
        String local = DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
        project.set("server", "hostname", SecondEngine.hostAddress())
                .set("runner", "tags", List.of("docker", "ecr")) // set on the runner the first host creates
                .host(Map.of("name", "here", "host", local))
                .host(Map.of("name", "there", "host", remote.host.toString(), "cert_path", remote.certs.toString()));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (project != null) {
            remote.removeProject(project.name);
            project.close();
        }
    }

    @Test
    @Order(1)
    void gitLabPublishedOnTheFirstHostsLoopbackIsRefusedBeforeAnythingStarts() throws Exception {
        project.set("server", "publish_address", "127.0.0.1").write();
        TestProject.CliResult up = project.cli("up", "--complete");
        assertThat(up.exitCode()).as(up.all()).isEqualTo(3);
        assertThat(up.stderr()).contains("server.publish_address", "loopback of the first host (here)",
                "http://" + SecondEngine.hostAddress() + ":" + project.get("server", "http_port"));
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(remote.projectContainers(project.name)).isEmpty();
    }

    @Test
    @Order(2)
    void gitLabRunsOnTheFirstHostAndTheOtherJoinsItsRunnerAsASecondManager() throws Exception {
        project.set("server", "publish_address", "0.0.0.0").write();
        TestProject.CliResult up = project.cli("up", "--complete");
        assertThat(up.exitCode()).as(up.all()).isZero();
        String url = "http://" + SecondEngine.hostAddress() + ":" + project.get("server", "http_port");
        assertThat(up.stdout()).contains("[here] GitLab: " + url, "[there] runner registration: registered");

        assertThat(names(TestDocker.projectContainers(project.name)))
                .containsExactlyInAnyOrder("/" + project.gitlabContainer(), "/" + project.runnerContainer());
        assertThat(names(remote.projectContainers(project.name))).containsExactly("/" + project.runnerContainer());
        assertThat(runnerFolders()).hasSize(1);
        assertThat(managerSystemIds(runnerFolders().get(0))).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void aSecondUpChangesNothingOnEitherHost() throws Exception {
        TestProject.CliResult up = project.cli("up", "--complete");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("[here] runner registration: already registered",
                "[there] runner registration: already registered");
        assertThat(up.stderr()).contains("[there] 6/8 container " + project.runnerContainer() + ": unchanged");
        assertThat(runnerFolders()).hasSize(1);
        assertThat(managerSystemIds(runnerFolders().get(0))).hasSize(2);
        assertThat(up.all()).doesNotContain("new personal access token");
    }

    @Test
    @Order(4)
    void statusShowsGitLabsListOfManagersNamingTheHostOfEach() throws Exception {
        TestProject.CliResult status = project.cli("status");
        assertThat(status.exitCode()).as(status.all()).isZero();
        String here = Files.readString(project.dir.resolve("state/hosts/here/runner/config/.runner_system_id")).strip();
        List<String> ids = managerSystemIds(runnerFolders().get(0));
        assertThat(ids).contains(here);
        String there = ids.stream().filter(id -> !id.equals(here)).findFirst().orElseThrow();
        assertThat(status.stdout()).contains("[here] GitLab's managers of runner #")
                .containsPattern("\\[here\\]   \\Q" + here + "\\E  online .*\\(host here\\)")
                .containsPattern("\\[here\\]   \\Q" + there + "\\E  online .*\\(host there\\)")
                .doesNotContain("not a host of this configuration");
        assertThat(status.all()).doesNotContain(
                Files.readString(project.dir.resolve("state/hosts/here/secrets/gitlab-create-runner-pat")).strip());
    }

    @Test
    @Order(5)
    void cleanWithGitLabDataLeavesNothingOnEitherHost() throws Exception {
        TestProject.CliResult clean = project.cli("clean", "--remove-state", "--delete-gitlab-data");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
        assertThat(remote.projectContainers(project.name)).isEmpty();
        assertThat(remote.projectNetworks(project.name)).isEmpty();
        assertThat(remote.projectVolumes(project.name)).isEmpty();
        assertThat(project.dir.resolve("state")).as(clean.all() + project.filesUnder("state")).doesNotExist();
    }

    private static List<String> names(List<Container> containers) {
        return containers.stream().filter(c -> "running".equals(c.getState())).map(c -> c.getNames()[0]).toList();
    }

    /** The stand-in keeps each runner GitLab knows in a folder of its data (see its MIRRORS.md). */
    private List<Path> runnerFolders() throws IOException {
        Path runners = project.dir.resolve("state/hosts/here/gitlab/data/standin/runners");
        try (Stream<Path> dirs = Files.list(runners)) {
            return dirs.filter(Files::isDirectory).toList();
        }
    }

    private static List<String> managerSystemIds(Path runner) throws IOException {
        Path managers = runner.resolve("managers");
        if (!Files.isDirectory(managers)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(managers)) {
            return dirs.map(d -> {
                try {
                    return Files.readString(d.resolve("system_id")).strip();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
