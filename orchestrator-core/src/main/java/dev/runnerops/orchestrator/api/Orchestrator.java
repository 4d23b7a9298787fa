package dev.runnerops.orchestrator.api;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.ProgressListener;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import dev.runnerops.orchestrator.model.DoctorReport;
import dev.runnerops.orchestrator.model.DownResult;
import dev.runnerops.orchestrator.model.LogEntry;
import dev.runnerops.orchestrator.model.LogStream;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.operation.CleanOperation;
import dev.runnerops.orchestrator.operation.DoctorOperation;
import dev.runnerops.orchestrator.operation.DownOperation;
import dev.runnerops.orchestrator.operation.EngineLock;
import dev.runnerops.orchestrator.operation.LogsOperation;
import dev.runnerops.orchestrator.operation.RegisterOperation;
import dev.runnerops.orchestrator.operation.StatusOperation;
import dev.runnerops.orchestrator.operation.UpOperation;
import dev.runnerops.orchestrator.operation.VerifyOperation;
import dev.runnerops.orchestrator.state.ProjectLock;
import dev.runnerops.orchestrator.state.StateFiles;
import dev.runnerops.orchestrator.state.StateLayout;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.StateSites;
import dev.runnerops.orchestrator.steps.StepsRunner;
import java.nio.file.Files;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * Operations that change the project ({@code up}, {@code register}, {@code down}, {@code clean}) take the
 * project's lock, so they run one at a time, across processes too; {@code status} and {@code logs} take none.
 * Nothing is static; no operation prints, exits or keeps threads after it returns. Failures are
 * {@link dev.runnerops.orchestrator.errors.OrchestratorException}s whose message is meant for the user.
 */
public final class Orchestrator implements AutoCloseable {
    private final OrchestratorConfig config;
    private final ProgressListener listener;
    private final Supplier<EngineConnection> engineFactory;
    private EngineConnection engine;

    private Orchestrator(Builder builder) {
        this.config = builder.config;
        this.listener = builder.listener;
        this.engineFactory = builder.engineFactory;
    }

    public static Builder builder(OrchestratorConfig config) {
        return new Builder(config);
    }

    /** Creates what is missing, recreates what changed, leaves the rest running, registers, converges config.toml. */
    public UpResult up(Mode mode) {
        return locked(mode == Mode.COMPLETE ? "up --complete" : "up", ctx -> new UpOperation(ctx).run(mode));
    }

    /** Registers the runner of a project started earlier: REGISTERED or ALREADY_REGISTERED. */
    public Outcome register(Mode mode) {
        return locked(mode == Mode.COMPLETE ? "register --complete" : "register",
                ctx -> new RegisterOperation(ctx).run(mode));
    }

    /** Stops and removes the project's containers and network; keeps every file. */
    public DownResult down() {
        return locked("down", ctx -> new DownOperation(ctx).run());
    }

    /** Deletes in GitLab what {@code up --complete} created there, then {@code down}, images and, if asked, files. */
    public CleanResult clean(CleanOptions options) {
        return locked("clean", ctx -> new CleanOperation(ctx).run(options));
    }

    /**
     * Checks, one by one, what a CI job's ECR pull depends on, and says how to fix what fails. Changes nothing:
     * the probe containers it starts are removed again. Takes no lock.
     *
     * @param images job images whose registries to check too, as .gitlab-ci.yml names them; may be empty
     */
    public DoctorReport doctor(List<String> images) {
        return unlocked(ctx -> new DoctorOperation(ctx).run(images));
    }

    /** Asks GitLab, through {@code gitlab-runner verify} in the runner container, whether it accepts this runner. */
    public Outcome verify() {
        return unlocked(ctx -> new VerifyOperation(ctx).run());
    }

    public StatusReport status() {
        return unlocked(ctx -> new StatusOperation(ctx).run());
    }

    /**
     * Streams the services' output to {@code sink}. Without {@code follow} it returns once everything was
     * delivered; with it, lines keep coming until the handle is closed or the containers stop.
     *
     * @param service "runner", "gitlab" or empty for both
     */
    public LogStream logs(String service, int tail, boolean follow, Consumer<LogEntry> sink) {
        return new LogsOperation(context()).run(service, tail, follow, sink);
    }

    public OrchestratorConfig config() {
        return config;
    }

    private <T> T locked(String command, Function<Context, T> operation) {
        Context ctx = context();
        boolean freshState = !Files.exists(ctx.layout().root());
        ctx.state().ensureDirectory(ctx.layout().bookkeepingDir());
        boolean failed = true;
        try (ProjectLock ignored = ProjectLock.acquire(ctx.layout().lockFile(), command,
                config.project().lockTimeout(), ctx.steps()::info);
             EngineLock ignoredToo = engineLock(ctx, command)) {
            T result = operation.apply(ctx);
            failed = false;
            return result;
        } finally {
            ctx.site().close();
            if (failed && freshState) {
                ctx.state().discardIfOnlyBookkeeping();
            }
        }
    }

    /** Where the files live on the engine, other machines may act on the project too: a claim there as well. */
    private EngineLock engineLock(Context ctx, String command) {
        if (!ctx.site().onEngine()) {
            return null;
        }
        ctx.engine().ping(); // an engine that does not answer is said so, not as a failed lock
        return EngineLock.acquire(ctx.engine(), ctx.project(), command, config.project().lockTimeout(),
                ctx.steps()::info);
    }

    /** A read-only operation: no lock; what it opened on the engine is closed again. */
    private <T> T unlocked(Function<Context, T> operation) {
        Context ctx = context();
        try {
            return operation.apply(ctx);
        } finally {
            ctx.site().close();
        }
    }

    private Context context() {
        if (engine == null) {
            engine = engineFactory.get();
        }
        StateFiles files = new StateFiles(new StateLayout(config.project().stateDir()));
        return new Context(config, engine.engine(), files, new StepsRunner(listener),
                StateSites.choose(config, engine.engine(), files));
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
        private Supplier<EngineConnection> engineFactory = EngineConnection::fromEnvironment;

        private Builder(OrchestratorConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Receives progress events from every operation; called from several threads. */
        public Builder listener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The engine to work on, asked for when the first operation runs; by default the one DOCKER_HOST and
         * friends name. The orchestrator closes it.
         */
        public Builder engine(Supplier<EngineConnection> connection) {
            this.engineFactory = Objects.requireNonNull(connection, "connection");
            return this;
        }

        public Orchestrator build() {
            return new Orchestrator(this);
        }
    }
}
