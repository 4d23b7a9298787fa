package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.runnerops.orchestrator.operation.EngineLock;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A runner provisioned on an engine that is not this machine's (the second engine, over TCP with TLS): the files
 * it mounts live in the project's volumes there, never in this machine's state folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineStateIT {
    private SecondEngine remote;
    private TestProject project;
    private GitLabStandIn gitlab;
    private Map<String, String> env;

    @BeforeAll
    void setUp() throws Exception {
        remote = SecondEngine.require();
        project = TestProject.create();
        gitlab = new GitLabStandIn(project.name, Map.of());
        env = remote.dockerEnv();
        project.env.put("IT_RUNNER_TOKEN", gitlab.createRunnerToken());
        // The second engine's containers reach this machine's published port through its bridge address.
        project.set("gitlab", "url", "http://" + SecondEngine.hostAddress() + ":" + gitlab.publishedPort())
                .set("gitlab", "token", "${IT_RUNNER_TOKEN}").write();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (project != null) {
            remote.removeProject(project.name);
            project.close();
        }
        if (gitlab != null) {
            gitlab.close();
        }
    }

    private String runnerId() {
        return remote.projectContainers(project.name).stream().filter(c -> c.getNames()[0].equals("/"
                + project.runnerContainer())).findFirst().orElseThrow().getId();
    }

    @Test
    @Order(1)
    void upRunsTheRunnerThereWithNoMountOfThisMachinesStateFolder() throws Exception {
        TestProject.CliResult up = project.cli(env, "up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("runner registration: registered");
        assertThat(TestDocker.projectContainers(project.name)).isEmpty(); // nothing on this machine's engine
        InspectContainerResponse runner = remote.client().inspectContainerCmd(runnerId()).exec();
        assertThat(runner.getState().getRunning()).isTrue();
        assertThat(runner.getMounts()).isNotEmpty().allSatisfy(m -> assertThat(String.valueOf(m.getSource()))
                .doesNotStartWith(project.dir.toString()));
        assertThat(remote.projectVolumes(project.name)).containsExactly(project.name + "-state");
        assertThat(project.state().runnerConfigDir()).doesNotExist();
        assertThat(remote.accessContainers(project.name)).isEmpty();
    }

    @Test
    @Order(2)
    void theHelperRunsInTheRunnerContainerAndConfigTomlIsInTheVolume() throws Exception {
        String out = TestDocker.exec(remote.client(), project.runnerContainer(), "docker-credential-ecr-login",
                "version").output();
        assertThat(out).isNotBlank();
        String config = TestDocker.exec(remote.client(), project.runnerContainer(), "cat",
                "/etc/gitlab-runner/config.toml").output();
        assertThat(config).contains("[[runners]]", "http://" + SecondEngine.hostAddress());
        assertThat(TestDocker.exec(remote.client(), project.runnerContainer(), "ls", "-l", "/root/.aws/credentials")
                .output()).startsWith("-rw-------");
        assertThat(gitlab.runners()).hasSize(1);
    }

    @Test
    @Order(3)
    void aSecondUpChangesNothing() throws Exception {
        String id = runnerId();
        TestProject.CliResult up = project.cli(env, "up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("runner registration: already registered", "runner config: unchanged");
        assertThat(up.stderr()).contains("container " + project.runnerContainer() + ": unchanged",
                "state on the engine " + project.name + "-state: unchanged");
        assertThat(runnerId()).isEqualTo(id);
        TestProject.CliResult status = project.cli(env, "status");
        assertThat(status.stdout()).contains("state: volumes " + project.name + "-state on the engine at "
                + remote.host);
    }

    @Test
    @Order(4)
    void anotherMachinesRunHoldsTheProjectOnTheEngineUntilItsClaimGoes() throws Exception {
        assertThat(remote.lockClaims(project.name)).as("no claim outlives an operation").isEmpty();
        String id = runnerId();
        // What a run on another workstation holds while it works on this engine (its file lock is not ours).
        remote.client().createContainerCmd(EngineLock.IMAGE).withName(project.name + "-lock").withCmd("claim")
                .withLabels(Map.of(EngineLock.LOCK_OF, project.name, EngineLock.MACHINE, "other-workstation",
                        EngineLock.PID, "4242", EngineLock.HOLDER, "pid 4242 on other-workstation, `up`, since "
                                + "2026-11-26T10:00:00Z")).exec();
        project.set("project", "lock_timeout", "2s").write();
        TestProject.CliResult up = project.cli(env, "up");
        assertThat(up.exitCode()).as(up.all()).isEqualTo(5);
        assertThat(up.stderr()).contains("pid 4242 on other-workstation, `up`",
                "docker --host " + remote.host + " rm " + project.name + "-lock");
        assertThat(runnerId()).isEqualTo(id); // nothing was touched

        remote.client().removeContainerCmd(project.name + "-lock").exec(); // the other run finished
        TestProject.CliResult again = project.cli(env, "up");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(remote.lockClaims(project.name)).isEmpty();
    }

    @Test
    @Order(5)
    void aClaimLeftByAKilledRunOfThisMachineIsTakenOver() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String machine = EngineLock.thisMachine();
        remote.client().createContainerCmd(EngineLock.IMAGE).withName(project.name + "-lock").withCmd("claim")
                .withLabels(Map.of(EngineLock.LOCK_OF, project.name, EngineLock.MACHINE, machine,
                        EngineLock.PID, String.valueOf(ended.pid()), EngineLock.HOLDER, "pid " + ended.pid()
                                + " on " + machine + ", `up`, since 2026-11-26T10:00:00Z")).exec();
        TestProject.CliResult up = project.cli(env, "up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stderr()).contains("Took over the lock on the engine left by a run that is gone (pid "
                + ended.pid());
        assertThat(remote.lockClaims(project.name)).isEmpty();
        project.set("project", "lock_timeout", "5m").write();
    }

    @Test
    @Order(6)
    void downThenCleanRemoveStateLeaveNothingOfTheProjectThere() throws Exception {
        assertThat(project.cli(env, "down").exitCode()).isZero();
        TestProject.CliResult clean = project.cli(env, "clean", "--remove-state");
        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(remote.projectContainers(project.name)).isEmpty();
        assertThat(remote.lockClaims(project.name)).isEmpty();
        assertThat(remote.accessContainers(project.name)).isEmpty();
        assertThat(remote.projectNetworks(project.name)).isEmpty();
        assertThat(remote.projectVolumes(project.name)).isEmpty();
        assertThat(Files.exists(project.state().runnerConfigToml())).isFalse();
    }
}
