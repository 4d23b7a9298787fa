package dev.runnerops.orchestrator.api;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.DockerJavaEngine;
import dev.runnerops.orchestrator.operation.CleanOperation;
import dev.runnerops.orchestrator.operation.DownOperation;
import dev.runnerops.orchestrator.operation.LogsOperation;
import dev.runnerops.orchestrator.operation.RegisterOperation;
import dev.runnerops.orchestrator.operation.StatusOperation;
import dev.runnerops.orchestrator.operation.UpOperation;
import dev.runnerops.orchestrator.state.StateFiles;
import dev.runnerops.orchestrator.state.StateLayout;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Reporter;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The library's entry point: provisions, inspects and removes one project's GitLab runner (and, in complete
 * mode, its GitLab server) on a Docker engine.
 *
 * <pre>{@code
 * OrchestratorConfig config = ConfigLoader.withSystemEnvironment().load(Path.of("orchestrator.toml"));
 * try (Orchestrator orchestrator = Orchestrator.builder(config).listener(System.out::println).build()) {
 *     UpResult result = orchestrator.up(Mode.RUNNER_ONLY);
 * }
 * }</pre>
 *
 * Thread-compatible, not thread-safe: run one operation at a time per instance. Nothing is static; no
 * operation prints, exits or keeps threads after it returns. Failures are {@link OrchestratorException}s
 * whose message is meant for the user.
 */
public final class Orchestrator implements AutoCloseable {
    private final OrchestratorConfig config;
    private final ProgressListener listener;
    private final Supplier<DockerEngine> engineFactory;
    private DockerEngine engine;

    private Orchestrator(Builder builder) {
        this.config = builder.config;
        this.listener = builder.listener;
        this.engineFactory = builder.engineFactory;
    }

    public static Builder builder(OrchestratorConfig config) {
        return new Builder(config);
    }

    /** Creates what is missing, recreates what changed, leaves the rest running, then registers. */
    public UpResult up(Mode mode) {
        return new UpOperation(context()).run(mode);
    }

    /** Registers the runner of a project started earlier; returns "registered" or "already registered". */
    public String register(Mode mode) {
        return new RegisterOperation(context()).run(mode);
    }

    /** Stops and removes the project's containers and network; keeps every file. */
    public DownResult down() {
        return new DownOperation(context()).run();
    }

    public CleanResult clean(CleanOptions options) {
        return new CleanOperation(context()).run(options);
    }

    public StatusReport status() {
        return new StatusOperation(context()).run();
    }

    /**
     * Streams the services' output to {@code sink}. Without {@code follow} it returns once everything was
     * delivered; with it, lines keep coming until the handle is closed or the containers stop.
     *
     * @param service "runner", "gitlab" or empty for both
     */
    public LogsOperation.Stream logs(String service, int tail, boolean follow, Consumer<LogEntry> sink) {
        return new LogsOperation(context()).run(service, tail, follow, sink);
    }

    public OrchestratorConfig config() {
        return config;
    }

    private Context context() {
        if (engine == null) {
            engine = engineFactory.get();
        }
        return new Context(config, engine, new StateFiles(new StateLayout(config.project().stateDir())),
                new Reporter(listener));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    public static final class Builder {
        private final OrchestratorConfig config;
        private ProgressListener listener = ProgressListener.NONE;
        private Supplier<DockerEngine> engineFactory = DockerJavaEngine::fromEnvironment;

        private Builder(OrchestratorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Receives progress events from every operation; called from several threads. */
        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Another engine adapter, such as one connected elsewhere; by default DOCKER_HOST decides. */
        public Builder engine(Supplier<DockerEngine> factory) {
            this.engineFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public Orchestrator build() {
            return new Orchestrator(this);
        }
    }
}
