package dev.runnerops.orchestrator.api;

import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.DockerJavaEngine;
import dev.runnerops.orchestrator.plan.Labels;
import java.util.Map;
import java.util.Objects;

/** A Docker engine to work on. Handed to {@link Orchestrator.Builder#engine}, which then owns and closes it. */
public final class EngineConnection implements AutoCloseable {
    private final DockerEngine engine;

    EngineConnection(DockerEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The engine the docker CLI would use: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT. */
    public static EngineConnection fromEnvironment() {
        return new EngineConnection(DockerJavaEngine.fromEnvironment());
    }

    /** Where the engine is: DOCKER_HOST, or the default socket. */
    public String endpoint() {
        return engine.host();
    }

    /**
     * Connects and makes the calls every command starts with, so that the connection and the JSON mapping are
     * ready when an operation needs them (a front end can do this on a second thread while it reads its
     * arguments). A failure, such as no engine, is left for the operation to report in its own words.
     */
    public EngineConnection warmUp() {
        try {
            engine.ping();
            engine.containers(Map.of(Labels.PROJECT, "orchestrator-warm-up"));
        } catch (RuntimeException ignored) {
            // reported when an operation calls the engine
        }
        return this;
    }

    DockerEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }
}
