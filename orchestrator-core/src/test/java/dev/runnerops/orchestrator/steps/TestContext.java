package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.state.StateFiles;
import dev.runnerops.orchestrator.state.StateLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A project of a unit test: its folder with the files the configuration points at (credentials, a helper
 * binary, a stand-in for the Docker socket), the configuration, and contexts over a given engine whose events
 * it collects.
 */
public final class TestContext {
    public final Path dir;
    public final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    public final OrchestratorConfig config;
    public final int httpPort;
    public final int sshPort;

    private static final String LOCAL_HELPER = """
            [helper]
            source = "local"
            local_path = "helper"
            """;

    private TestContext(Path dir, String helperToml, String extraToml) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("creds"), "[default]\naws_access_key_id = AKIAFAKE\naws_secret_access_key = x\n");
        Files.writeString(dir.resolve("helper"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("docker.sock"), "");
        httpPort = freePort();
        sshPort = freePort();
        config = TestConfigs.load(dir, """
                [project]
                name = "p"
                state_dir = "state"
                lock_timeout = "2s"
                [runner]
                image = "runner:1"
                restart = "no"
                [aws]
                credentials_file = "creds"
                region = "eu-west-1"
                ecr_registries = ["123456789012.dkr.ecr.eu-west-1.amazonaws.com"]
                %s[server]
                image = "gitlab:1"
                http_port = %d
                ssh_port = %d
                """.formatted(helperToml, httpPort, sshPort) + extraToml);
    }

    /** {@code extraToml} adds settings; a table named twice is not allowed, so add keys to new tables only. */
    public static TestContext in(Path dir, String extraToml) throws IOException {
        return new TestContext(dir, LOCAL_HELPER, extraToml);
    }

    /** With its own {@code [helper]} table (written with its header) instead of the local binary. */
    public static TestContext withHelper(Path dir, String helperToml) throws IOException {
        return new TestContext(dir, helperToml, "");
    }

    public static TestContext in(Path dir) throws IOException {
        return in(dir, "");
    }

    public Path socket() {
        return dir.resolve("docker.sock");
    }

    public StateLayout layout() {
        return new StateLayout(config.project().stateDir());
    }

    /** A context whose mounted state is this machine's folder (or the engine's volumes, as the engine decides). */
    public Context context(DockerEngine engine) {
        return context(config, engine);
    }

    public Context context(OrchestratorConfig config, DockerEngine engine) {
        StateFiles files = new StateFiles(new StateLayout(config.project().stateDir()));
        return new Context(config, engine, files, new StepsRunner(events::add), StateSites.choose(config, engine, files));
    }

    /** The finished steps as the CLI prints them, without the timing: "3/7 container p-runner: created". */
    public List<String> finishedSteps() {
        return events.stream().filter(e -> e instanceof ProgressEvent.StepFinished).map(e -> {
            var f = (ProgressEvent.StepFinished) e;
            return f.position() + "/" + f.total() + " " + f.step() + ": " + f.outcomeText();
        }).toList();
    }

    public List<String> notices(ProgressEvent.Level level) {
        return events.stream().filter(e -> e instanceof ProgressEvent.Notice n && n.level() == level)
                .map(e -> ((ProgressEvent.Notice) e).message()).toList();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
