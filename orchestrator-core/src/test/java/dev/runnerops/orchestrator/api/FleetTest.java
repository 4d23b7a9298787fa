package dev.runnerops.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.UpResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet's choreography against in-memory engines: who runs, in which order, and what a failed host does. */
class FleetTest {
    @TempDir
    Path dir;

    /** Progress of every host in one list, "host: step", in the order it happened. */
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private OrchestratorConfig config(String server) throws IOException {
        Files.writeString(dir.resolve("creds"), "[default]\naws_access_key_id = AKIAFAKE\naws_secret_access_key = x\n");
        Files.writeString(dir.resolve("helper"), "#!/bin/sh\n");
        return TestConfigs.load(dir, """
                [project]
                name = "p"
                state_dir = "state"
                lock_timeout = "2s"
                [runner]
                image = "runner:1"
                [helper]
                source = "local"
                local_path = "helper"
                [aws]
                credentials_file = "creds"
                ecr_registries = ["123456789012.dkr.ecr.eu-west-1.amazonaws.com"]
                [server]
                image = "gitlab:1"
                %s
                [[hosts]]
                name = "a"
                host = "tcp://a.example:2376"
                [[hosts]]
                name = "b"
                host = "tcp://b.example:2376"
                """.formatted(server));
    }

    private Fleet fleet(OrchestratorConfig config, Map<String, FakeDockerEngine> engines) {
        return new Fleet(config, host -> event -> {
            if (event instanceof ProgressEvent.StepFinished f) {
                progress.add(host + ": " + f.step());
            }
        }, () -> {
            throw new AssertionError("a fleet with [[hosts]] has no sole engine");
        }, host -> () -> new EngineConnection(engines.get(host.name())));
    }

    private static FakeDockerEngine engine() {
        return new FakeDockerEngine().remote().withImage("runner:1").withImage("gitlab:1");
    }

    @Test
    void aHostThatCannotBeReachedIsReportedAndTheOtherConverges() throws IOException {
        FakeDockerEngine a = engine().unreachable();
        FakeDockerEngine b = engine();
        try (Fleet fleet = fleet(config(""), Map.of("a", a, "b", b))) {
            Fleet.Results<UpResult> results = fleet.up(Mode.RUNNER_ONLY);
            assertThat(results.succeeded()).isFalse();
            assertThat(results.failures()).containsOnlyKeys("a");
            assertThat(results.failures().get("a")).isInstanceOf(EngineUnavailableException.class);
            assertThat(results.results()).containsOnlyKeys("b");
        }
        assertThat(b.calls()).contains("create p-runner", "start p-runner");
        assertThat(dir.resolve("state/hosts/b")).isDirectory();
    }

    @Test
    void completeModeStartsNothingElsewhereWhenTheFirstHostFails() throws IOException {
        FakeDockerEngine a = engine().unreachable();
        FakeDockerEngine b = engine();
        try (Fleet fleet = fleet(config("publish_address = \"0.0.0.0\""), Map.of("a", a, "b", b))) {
            Fleet.Results<UpResult> results = fleet.up(Mode.COMPLETE);
            assertThat(results.results()).isEmpty();
            assertThat(results.failures().get("a")).isInstanceOf(EngineUnavailableException.class);
            assertThat(results.failures().get("b")).hasMessageContaining(
                    "Not started: the first host (a), which runs GitLab, failed.");
        }
        assertThat(b.calls()).isEmpty();
    }

    @Test
    void completeModeRefusesGitLabOnTheFirstHostsLoopbackBeforeAnyEngineIsCalled() throws IOException {
        FakeDockerEngine a = engine();
        FakeDockerEngine b = engine();
        try (Fleet fleet = fleet(config("publish_address = \"127.0.0.1\""), Map.of("a", a, "b", b))) {
            assertThatThrownBy(() -> fleet.up(Mode.COMPLETE)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("server.publish_address").hasMessageContaining("loopback of the first host (a)");
        }
        assertThat(a.calls()).isEmpty();
        assertThat(b.calls()).isEmpty();
    }

    @Test
    void cleanFinishesOnTheOtherHostsBeforeItStartsOnTheFirst() throws IOException {
        FakeDockerEngine a = engine();
        FakeDockerEngine b = engine();
        try (Fleet fleet = fleet(config(""), Map.of("a", a, "b", b))) {
            assertThat(fleet.up(Mode.RUNNER_ONLY).succeeded()).isTrue();
            progress.clear();
            assertThat(fleet.clean(CleanOptions.keepData()).succeeded()).isTrue();
        }
        // The first host may run GitLab, which the others' unregistration needs.
        int lastOfB = progress.stream().filter(p -> p.startsWith("b: ")).map(progress::lastIndexOf)
                .max(Integer::compare).orElseThrow();
        int firstOfA = progress.stream().filter(p -> p.startsWith("a: ")).map(progress::indexOf)
                .min(Integer::compare).orElseThrow();
        assertThat(lastOfB).as(progress.toString()).isLessThan(firstOfA);
    }
}
