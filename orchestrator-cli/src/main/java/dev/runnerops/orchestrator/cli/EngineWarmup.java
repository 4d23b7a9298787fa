package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.DockerJavaEngine;
import java.util.Map;
import java.util.Set;
import dev.runnerops.orchestrator.plan.Labels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Creates the Docker client (docker-java, Jackson, HttpClient 5: most of the classes a command loads) on a
 * second thread while the main thread parses the command line and the configuration. Only for commands that
 * talk to the engine.
 */
final class EngineWarmup {
    private static final Set<String> ENGINE_COMMANDS = Set.of("up", "register", "down", "clean", "logs", "status");
    private final CompletableFuture<DockerEngine> engine;

    private EngineWarmup(CompletableFuture<DockerEngine> engine) {
        this.engine = engine;
    }

    static EngineWarmup startIfNeeded(String... args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                break;
            }
            if (ENGINE_COMMANDS.contains(arg)) {
                return new EngineWarmup(CompletableFuture.supplyAsync(EngineWarmup::connect));
            }
        }
        return new EngineWarmup(null);
    }

    /**
     * Creates the client and makes the calls every command starts with, so that the connection and the JSON
     * mapping of container lists are ready when the command needs them. A failure (no engine) is left for the
     * command to report in its own words.
     */
    private static DockerEngine connect() {
        DockerEngine engine = DockerJavaEngine.fromEnvironment();
        try {
            engine.ping();
            engine.containers(Map.of(Labels.PROJECT, "orchestrator-warm-up"));
        } catch (RuntimeException ignored) {
            // reported when the command itself calls the engine
        }
        return engine;
    }

    DockerEngine get() {
        if (engine == null) {
            return DockerJavaEngine.fromEnvironment();
        }
        try {
            return engine.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new OrchestratorException("Cannot create the Docker client: " + e.getCause(), e.getCause());
        }
    }
}
