package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.EngineConnection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Creates the Docker client (docker-java, Jackson, HttpClient 5: most of the classes a command loads) on a
 * second thread while the main thread parses the command line and the configuration. Only for commands that
 * talk to the engine.
 */
final class EngineWarmup {
    private static final Set<String> ENGINE_COMMANDS = Set.of("up", "register", "down", "clean", "logs", "status", "doctor");
    private final CompletableFuture<EngineConnection> engine;

    private EngineWarmup(CompletableFuture<EngineConnection> engine) {
        this.engine = engine;
    }

    static EngineWarmup startIfNeeded(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                break;
            }
            if (ENGINE_COMMANDS.contains(arg)) {
                return new EngineWarmup(CompletableFuture.supplyAsync(
                        () -> EngineConnection.fromEnvironment().warmUp()));
            }
        }
        return new EngineWarmup(null);
    }

    EngineConnection get() {
        if (engine == null) {
            return EngineConnection.fromEnvironment();
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
