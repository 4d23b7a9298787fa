package dev.runnerops.orchestrator.api;

import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.DockerJavaEngine;
import dev.runnerops.orchestrator.engine.EngineEndpoint;
import dev.runnerops.orchestrator.engine.EngineResolver;
import dev.runnerops.orchestrator.plan.Labels;
import java.util.Map;
import java.util.Objects;

/**
 * A Docker engine to work on, local or remote. Handed to {@link Orchestrator.Builder#engine}, which then owns
 * and closes it. Creating one sends nothing to the engine; an engine that does not answer is reported by the
 * first operation ({@link dev.runnerops.orchestrator.errors.EngineUnavailableException}).
 */
public final class EngineConnection implements AutoCloseable {
    private final DockerEngine engine;
    private final EngineTarget target;
    private final String context;

    EngineConnection(DockerEngine engine) {
        this(engine, EngineTarget.environment(), EngineEndpoint.DEFAULT_CONTEXT);
    }

    private EngineConnection(DockerEngine engine, EngineTarget target, String context) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.target = target;
        this.context = context;
    }

    /**
     * The engine the docker CLI would use without flags: DOCKER_HOST (with DOCKER_TLS_VERIFY and
     * DOCKER_CERT_PATH), else DOCKER_CONTEXT, else config.json's currentContext, else the default socket.
     */
    public static EngineConnection fromEnvironment() {
        return of(EngineTarget.environment());
    }

    /**
     * The engine the target names, resolved as the docker CLI resolves it.
     *
     * @throws dev.runnerops.orchestrator.errors.ConfigurationException when it names an unknown context, its
     *         TLS files are missing or unreadable, or it is an address this tool cannot dial (ssh://)
     */
    public static EngineConnection of(EngineTarget target) {
        EngineResolver resolver = EngineResolver.system();
        EngineEndpoint endpoint;
        if (target.hostAddress().isPresent()) {
            String origin = target.origin().orElse("the engine address given to EngineConnection.of");
            endpoint = target.tlsCertPath().isPresent()
                    ? EngineEndpoint.verified(target.hostAddress().get(), target.tlsCertPath().get(), origin)
                    : EngineEndpoint.plain(target.hostAddress().get(), origin);
        } else {
            endpoint = resolver.resolve(target.contextName());
        }
        return new EngineConnection(DockerJavaEngine.connect(endpoint, resolver.configDir()), target,
                endpoint.context());
    }

    /** What this connection was asked for. */
    public EngineTarget target() {
        return target;
    }

    /** Where the engine is, such as {@code unix:///var/run/docker.sock} or {@code tcp://build-host:2376}. */
    public String endpoint() {
        return engine.host();
    }

    /** The Docker context the engine came from; {@code default} when none was named. */
    public String context() {
        return context;
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
