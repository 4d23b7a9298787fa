package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;

/**
 * One runner on two hosts from one configuration: "here" is this machine's engine (its socket), "there" the
 * second engine over TCP with TLS, reached through an {@link EngineForwarder} so that the test can make it
 * unreachable without stopping it under other tests. GitLab is the stand-in, with a runner created in it, whose
 * glrt- token both hosts register with: GitLab's model of a fleet, one runner and a manager per host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    private SecondEngine remote;
    private EngineForwarder there;
    private TestProject project;
    private GitLabStandIn gitlab;

    @BeforeAll
    void setUp() throws Exception {
        remote = SecondEngine.require();
        there = new EngineForwarder(remote.host).start();
        project = TestProject.create();
        gitlab = new GitLabStandIn(project.name, Map.of());
        project.env.put("IT_RUNNER_TOKEN", gitlab.createRunnerToken());
        String local = DockerClientFactory.instance().getTransportConfig().getDockerHost().toString();
        // This machine's address on the second engine's bridge reaches the stand-in's published port from
        // the containers of both engines.
        project.set("gitlab", "url", "http://" + SecondEngine.hostAddress() + ":" + gitlab.publishedPort())
                .set("gitlab", "token", "${IT_RUNNER_TOKEN}")
                .set("runner", "concurrent", 2)
                .host(Map.of("name", "here", "host", local))
                .host(Map.of("name", "there", "host", there.address(), "cert_path", remote.certs.toString(),
                        "concurrent", 5))
                .write();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (there != null) {
            there.close();
        }
        if (project != null) {
            remote.removeProject(project.name);
            project.close();
        }
        if (gitlab != null) {
            gitlab.close();
        }
    }

    @Test
    @Order(1)
    void upRegistersOneRunnerWithAManagerOnEachHost() throws Exception {
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("[here] runner registration: registered",
                "[there] runner registration: registered");
        assertThat(up.stderr()).contains("[here] ", "[there] ");
        assertThat(up.stderr().lines().filter(l -> !l.isBlank()))
                .allSatisfy(l -> assertThat(l).matches("^\\[(here|there)\\] .*"));

        assertThat(running(TestDocker.projectContainers(project.name))).containsExactly("/" + project.runnerContainer());
        assertThat(running(remote.projectContainers(project.name))).containsExactly("/" + project.runnerContainer());

        List<JsonNode> runners = gitlab.runners();
        assertThat(runners).hasSize(1);
        List<JsonNode> managers = gitlab.managers(runners.get(0).get("id").asLong());
        assertThat(managers).hasSize(2);
        assertThat(managers.get(0).get("system_id").asText()).isNotEqualTo(managers.get(1).get("system_id").asText());

        // Each host's own config.toml: its concurrent, and the one runner's token.
        String hereToml = TestDocker.exec(project.runnerContainer(), "cat", "/etc/gitlab-runner/config.toml").output();
        String thereToml = TestDocker.exec(remote.client(), project.runnerContainer(), "cat",
                "/etc/gitlab-runner/config.toml").output();
        assertThat(hereToml).containsPattern("(?m)^concurrent = 2$");
        assertThat(thereToml).containsPattern("(?m)^concurrent = 5$");
        assertThat(project.dir.resolve("state/hosts/here/runner/config/config.toml")).exists();
        assertThat(project.dir.resolve("state/hosts/there/runner")).doesNotExist(); // its state is in a volume there
    }

    @Test
    @Order(2)
    void statusListsBothHostsAndWhatGitLabSaysOfEachManager() throws Exception {
        TestProject.CliResult status = project.cli("status");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.stdout()).contains("[here] project " + project.name, "[there] project " + project.name,
                "[here] state: folder", "[there] state: volumes " + project.name + "-state",
                "[here] GitLab's view of this host's runner manager: gitlab-runner verify: verified",
                "[there] GitLab's view of this host's runner manager: gitlab-runner verify: verified");
        assertThat(status.all()).doesNotContain(project.env.get("IT_RUNNER_TOKEN"));

        TestProject.CliResult logs = project.cli("logs", "--tail", "20", "runner");
        assertThat(logs.exitCode()).as(logs.all()).isZero();
        assertThat(logs.stdout()).contains("[here] runner | ", "[there] runner | ");
        assertThat(logs.stdout().lines()).allSatisfy(l -> assertThat(l).matches("^\\[(here|there)\\] runner \\| .*"));
    }

    @Test
    @Order(3)
    void aHostThatCannotBeReachedIsReportedAndTheOtherConverges() throws Exception {
        there.stop();
        TestDocker.client().removeContainerCmd(project.runnerContainer()).withForce(true).withRemoveVolumes(true).exec();

        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isNotZero();
        assertThat(up.stderr()).contains("error: [there] Cannot reach the Docker engine at " + there.address(),
                "host of [[hosts]] there in " + project.configFile);
        assertThat(up.stdout()).contains("[here] runner registration: already registered");
        assertThat(up.stdout()).doesNotContain("[there] runner registration");
        assertThat(running(TestDocker.projectContainers(project.name))).containsExactly("/" + project.runnerContainer());
    }

    @Test
    @Order(4)
    void cleanWhileBothRunnersPollLeavesNoManagerBehind() throws Exception {
        there.start();
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        long runner = gitlab.runners().get(0).get("id").asLong();
        // Both run loops are polling: GitLab has their job requests (which carry the runner's version).
        awaitManagers(runner, m -> m.size() == 2 && m.stream().allMatch(x -> !x.get("version").isNull()));

        TestProject.CliResult clean = project.cli("clean");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        // A runner still polling after its unregistration would make GitLab create its manager again.
        assertThat(gitlab.managers(runner)).isEmpty();
        assertThat(gitlab.runners()).hasSize(1); // the user's, made with their token
    }

    @Test
    @Order(5)
    void afterDownCleanUnregistersBothManagersAndRemovesTheState() throws Exception {
        assertThat(project.cli("up").exitCode()).isZero();
        long runner = gitlab.runners().get(0).get("id").asLong();
        assertThat(gitlab.managers(runner)).hasSize(2);
        TestProject.CliResult down = project.cli("down");
        assertThat(down.exitCode()).as(down.all()).isZero();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(remote.projectContainers(project.name)).isEmpty();

        TestProject.CliResult clean = project.cli("clean", "--remove-state");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(gitlab.managers(runner)).isEmpty();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(remote.projectContainers(project.name)).isEmpty();
        assertThat(remote.projectVolumes(project.name)).isEmpty();
        assertThat(project.dir.resolve("state")).as(clean.all() + project.filesUnder("state")).doesNotExist();
    }

    private void awaitManagers(long runner, java.util.function.Predicate<List<JsonNode>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<JsonNode> managers = gitlab.managers(runner);
        while (!condition.test(managers)) {
            assertThat(System.nanoTime()).as("managers polling within 60 s: " + managers).isLessThan(deadline);
            Thread.sleep(200);
            managers = gitlab.managers(runner);
        }
    }

    private static List<String> running(List<Container> containers) {
        return containers.stream().filter(c -> "running".equals(c.getState())).map(c -> c.getNames()[0]).toList();
    }
}
