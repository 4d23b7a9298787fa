package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.EngineConnection;
import dev.runnerops.orchestrator.api.EngineTarget;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Creates the Docker client (docker-java, Jackson, HttpClient 5: most of the classes a command loads) on a
 * second thread while the main thread parses the command line and the configuration. Only for commands that
 * talk to the engine. The engine is the one the docker CLI would pick, with this command line's
 * {@code --context} (read here ahead of picocli; {@link #get} checks that picocli read the same).
 */
final class EngineWarmup {
    private static final Set<String> ENGINE_COMMANDS = Set.of("up", "register", "down", "clean", "logs", "status", "doctor");
    private final CompletableFuture<EngineConnection> engine;
    private final EngineTarget target;

    private EngineWarmup(CompletableFuture<EngineConnection> engine, EngineTarget target) {
        this.engine = engine;
        this.target = target;
    }

    static EngineWarmup startIfNeeded(String... args) {
        EngineTarget target = target(contextOption(args));
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("--")) {
                break;
            }
            if (ENGINE_COMMANDS.contains(arg)) {
                return new EngineWarmup(CompletableFuture.supplyAsync(() -> EngineConnection.of(target).warmUp()),
                        target);
            }
        }
        return new EngineWarmup(null, target);
    }

    /** The value of {@code --context NAME} or {@code --context=NAME}, the last one given, as picocli takes it. */
    static Optional<String> contextOption(String... args) {
        Optional<String> context = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--context") && i + 1 < args.length) {
                context = Optional.of(args[++i]);
            } else if (args[i].startsWith("--context=")) {
                context = Optional.of(args[i].substring("--context=".length()));
            }
        }
        return context;
    }

    private static EngineTarget target(Optional<String> context) {
        return context.filter(c -> !c.isBlank()).map(EngineTarget::context).orElse(EngineTarget.environment());
    }

    /** The engine for the {@code --context} picocli parsed (none: the docker CLI's default choice). */
    EngineConnection get(Optional<String> context) {
        EngineTarget wanted = target(context);
        if (engine == null || !wanted.equals(target)) {
            if (engine != null) {
                engine.thenAccept(EngineConnection::close); // not the one asked for after all
            }
            return EngineConnection.of(wanted);
        }
        try {
            return engine.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Cannot create the Docker client: " + e.getCause(), e.getCause());
        }
    }
}
