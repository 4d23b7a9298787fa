package dev.runnerops.orchestrator.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.RegistrationException;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} against the in-memory engine: what is created, in which order, and what a failure leaves. */
class UpOperationTest {
    private static final String TOKEN = "glrt-unit0123456789abcdef";

    @TempDir
    java.nio.file.Path dir;

    private TestContext project(String extra) throws IOException {
        return TestContext.in(dir, extra);
    }

    private FakeDockerEngine engine(TestContext p) {
        return new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1").withImage("gitlab:1");
    }

    private static StackPlan plan(TestContext p, FakeDockerEngine engine, Mode mode) {
        return Plans.of(p.context(engine), mode);
    }

    /** gitlab-runner register as the real one does it: appends an entry to config.toml, exit 0. */
    private static FakeDockerEngine registering(FakeDockerEngine engine, TestContext p) {
        return engine.onExec(List.of("gitlab-runner", "register"), call -> {
            String url = call.cmd().get(call.cmd().indexOf("--url") + 1);
            String name = call.cmd().get(call.cmd().indexOf("--name") + 1);
            try {
                Files.createDirectories(p.layout().runnerConfigDir());
                Files.writeString(p.layout().runnerConfigToml(), "concurrent = 1\n\n[[runners]]\n  name = \"" + name
                        + "\"\n  url = \"" + url + "\"\n  token = \"" + call.env().get("CI_SERVER_TOKEN") + "\"\n"
                        + "  executor = \"docker\"\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new ExecResult(0, "", "Runner registered successfully.");
        });
    }

    @Test
    void theRunnersSystemIdExistsBeforeItsContainerAndIsKeptWhenItIsRecreated() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        java.nio.file.Path file = p.layout().runnerConfigDir().resolve(".runner_system_id");
        engine.onCreate(spec -> assertThat(file).as("written before " + spec.name() + " exists").exists());
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        String id = Files.readString(file);
        assertThat(id).matches("r_[0-9a-zA-Z]{12}");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

        engine.removeContainer("p-runner");
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(Files.readString(file)).isEqualTo(id);
    }

    @Test
    void runnerOnlyUpCreatesTheNetworkThenTheRunnerAndNumbersEveryStep() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        UpResult result = new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);

        assertThat(engine.calls()).containsExactly("create network gitlab-ecr-network", "create p-runner", "start p-runner");
        assertThat(result.containers()).containsExactly(Map.entry("p-runner", Outcome.CREATED));
        assertThat(result.registration()).isEqualTo(Outcome.SKIPPED);
        // The image lookup and the helper run side by side: their order is not fixed, their numbers are.
        assertThat(p.finishedSteps()).containsExactlyInAnyOrder(
                "1/7 image runner:1: present",
                "2/7 helper " + dir.resolve("helper") + ": local binary",
                "3/7 network gitlab-ecr-network: created",
                "4/7 job Docker config docker-config.json: written",
                "5/7 container p-runner: created",
                "6/7 register gitlab-ecr-runner with : skipped (no gitlab.token)",
                "7/7 runner config: skipped (not registered)");
    }

    @Test
    void aFailedRegistrationRemovesWhatThisRunCreated() throws IOException {
        TestContext p = project("[gitlab]\nurl = \"https://gitlab.example.com\"\ntoken = \"" + TOKEN + "\"\n");
        FakeDockerEngine engine = engine(p).onExec(List.of("gitlab-runner", "register"), new ExecResult(1, "",
                "ERROR: Verifying runner... is not valid  runner=unit01234 status=403 Forbidden"));
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("is not valid")
                .hasMessageContaining("Removed what this run created (container p-runner, network gitlab-ecr-network)")
                .hasMessageNotContaining(TOKEN);
        assertThat(engine.allContainers()).isEmpty();
        assertThat(engine.allNetworks()).isEmpty();
    }

    @Test
    void aFailedRegistrationLeavesAContainerThatExistedBefore() throws IOException {
        TestContext p = project("[gitlab]\nurl = \"https://gitlab.example.com\"\ntoken = \"" + TOKEN + "\"\n");
        FakeDockerEngine engine = engine(p).onExec(List.of("gitlab-runner", "register"),
                new ExecResult(1, "", "ERROR: Verifying runner... is not valid"));
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        engine.addContainer(plan(p, engine, Mode.RUNNER_ONLY).runner(), true);
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .isInstanceOf(RegistrationException.class).hasMessageNotContaining("Removed what");
        assertThat(engine.containerNamed("p-runner")).isPresent();
        assertThat(engine.allNetworks()).hasSize(1);
    }

    @Test
    void aChangedContainerIsReplacedBesideTheOldOneBeforeTheOldOneGoes() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        ContainerSpec current = plan(p, engine, Mode.RUNNER_ONLY).runner();
        ContainerSpec older = new ContainerSpec(current.service(), current.name(), current.image(), current.hostname(),
                current.network(), current.networkAliases(), Map.of("OLD", "1"), current.mounts(), current.ports(),
                current.restartPolicy(), current.shmSizeBytes(), current.privileged(), current.labels()).withConfigHash();
        engine.addContainer(older, true);

        UpResult result = new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);

        assertThat(result.containers()).containsExactly(Map.entry("p-runner", Outcome.RECREATED));
        assertThat(engine.calls()).containsExactly("create p-runner-replacement", "stop p-runner",
                "start p-runner-replacement", "remove p-runner", "rename p-runner-replacement p-runner");
        assertThat(engine.containerNamed("p-runner").orElseThrow().labels.get(Labels.CONFIG_HASH))
                .isEqualTo(current.configHash());
    }

    /** The spec as an older configuration made it: another config hash. */
    private static ContainerSpec stale(ContainerSpec spec) {
        var labels = new java.util.HashMap<>(spec.labels());
        labels.put(Labels.CONFIG_HASH, "stale");
        return new ContainerSpec(spec.service(), spec.name(), spec.image(), spec.hostname(), spec.network(),
                spec.networkAliases(), spec.env(), spec.mounts(), spec.ports(), spec.restartPolicy(), spec.shmSizeBytes(),
                spec.privileged(), labels);
    }

    @Test
    void aReplacementThatDoesNotStartLeavesTheOldContainerRunning() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p).failStartOf(c -> c.name.endsWith("-replacement"));
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        var old = engine.addContainer(stale(plan(p, engine, Mode.RUNNER_ONLY).runner()), true);

        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("The replacement of p-runner did not start")
                .hasMessageContaining("the old container was started again and keeps running");
        assertThat(engine.allContainers()).singleElement().satisfies(c -> {
            assertThat(c.id).isEqualTo(old.id);
            assertThat(c.running()).isTrue();
        });
    }

    @Test
    void aReplacementThatCannotBeCreatedLeavesTheOldContainerUntouched() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        ContainerSpec runner = plan(p, engine, Mode.RUNNER_ONLY).runner();
        var old = engine.addContainer(stale(runner), true);
        // Something else, of no project, holds the replacement's name: the replacement cannot be created.
        engine.addContainer(new ContainerSpec(runner.service(), "p-runner-replacement", "runner:1", "x", "bridge",
                List.of(), Map.of(), List.of(), List.of(), "no", 0, false, Map.of()), false);

        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .hasMessageContaining("Could not create the replacement of p-runner")
                .hasMessageContaining("The old container keeps running");
        assertThat(engine.containerNamed("p-runner").orElseThrow().id).isEqualTo(old.id);
        assertThat(old.running()).isTrue();
    }

    @Test
    void theCredsStoreWarningIsGivenOnceWhenNoRegistryIsListed() throws IOException {
        TestContext p = TestContext.in(dir, "");
        var config = dev.runnerops.orchestrator.config.TestConfigs.load(dir, Files.readString(dir.resolve(
                "orchestrator.toml")).replace("ecr_registries = [\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\"]",
                "ecr_registries = []"));
        FakeDockerEngine engine = engine(p);
        var ctx = p.context(config, engine);
        new UpOperation(ctx).run(Mode.RUNNER_ONLY);
        assertThat(p.events).filteredOn(e -> e instanceof ProgressEvent.Notice n
                        && n.level() == ProgressEvent.Level.WARNING && n.message().contains("credsStore"))
                .singleElement().satisfies(e -> assertThat(((ProgressEvent.Notice) e).message())
                        .contains("`list`", "another account or region", "aws.ecr_registries"));
    }

    @Test
    void registrationThenConvergesTheRunnerConfig() throws IOException {
        TestContext p = project("[gitlab]\nurl = \"https://gitlab.example.com\"\ntoken = \"" + TOKEN + "\"\n");
        FakeDockerEngine engine = registering(engine(p), p);
        UpResult result = new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(result.registration()).isEqualTo(Outcome.REGISTERED);
        // The fake's register wrote a bare entry: up sets every key it owns.
        assertThat(result.runnerConfig()).isEqualTo(Outcome.UPDATED);
        assertThat(result.runnerConfigChanges()).contains("environment", "docker.volumes", "docker.image");
        assertThat(engine.execs()).singleElement().satisfies(call -> {
            assertThat(call.cmd()).noneMatch(a -> a.contains(TOKEN));
            assertThat(call.env()).containsEntry("CI_SERVER_TOKEN", TOKEN);
        });
        UpResult again = new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(again.registration()).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(again.runnerConfig()).isEqualTo(Outcome.UNCHANGED);
        assertThat(again.containers()).containsExactly(Map.entry("p-runner", Outcome.UNCHANGED));
    }

    @Test
    void aSecondContainerOfTheRunnerIsRemoved() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        ContainerSpec runner = plan(p, engine, Mode.RUNNER_ONLY).runner();
        engine.addContainer(runner, true);
        engine.addContainer(runner.renamed("p-runner-replacement"), false);
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(engine.allContainers()).extracting(c -> c.name).containsExactly("p-runner");
    }

    @Test
    void duplicateNetworksOfTheProjectAreReducedToOne() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY);
        assertThat(engine.allNetworks()).hasSize(1);
        assertThat(p.finishedSteps()).contains("3/7 network gitlab-ecr-network: exists (1 duplicate(s) removed)");
    }

    @Test
    void aNetworkOfAnotherProjectIsRefusedBeforeAnythingIsCreated() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("someone-else"));
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.RUNNER_ONLY))
                .hasMessageContaining("belongs to project someone-else").hasMessageContaining("network.external");
        assertThat(engine.calls()).isEmpty();
    }

    @Test
    void thePortsOfTheGitLabBeingReplacedDoNotCountAsTaken() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        engine.addNetwork("gitlab-ecr-network", Labels.project("p"));
        ContainerSpec gitlab = plan(p, engine, Mode.COMPLETE).gitlab().orElseThrow();
        engine.addContainer(stale(gitlab), true);
        engine.onExec(List.of(dev.runnerops.orchestrator.gitlab.WaitForGitLabStep.CURL), new ExecResult(0, "", ""));
        // Complete mode fails later (no gitlab-rails to make a token with): the ports were not refused.
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.COMPLETE))
                .hasMessageNotContaining("already published").hasMessageNotContaining("already in use");
        assertThat(engine.calls()).contains("create p-gitlab-replacement", "rename p-gitlab-replacement p-gitlab");
    }

    @Test
    void aPortPublishedByAnotherContainerIsRefusedBeforeAnythingIsCreated() throws IOException {
        TestContext p = project("");
        FakeDockerEngine engine = engine(p);
        ContainerSpec gitlab = plan(p, engine, Mode.COMPLETE).gitlab().orElseThrow();
        engine.addContainer(new ContainerSpec(gitlab.service(), "someone-elses", "gitlab:1", "x", "bridge", List.of(),
                Map.of(), List.of(), gitlab.ports(), "no", 0, false, Map.of()), true);
        assertThatThrownBy(() -> new UpOperation(p.context(engine)).run(Mode.COMPLETE))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("server.http_port = " + p.httpPort)
                .hasMessageContaining("already published by the container someone-elses");
        assertThat(engine.calls()).isEmpty();
    }
}
