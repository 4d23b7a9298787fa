package dev.runnerops.orchestrator.engine;

/** No Docker Engine answers at the configured address (DOCKER_HOST or the default socket). */
public class EngineUnavailableException extends EngineException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
