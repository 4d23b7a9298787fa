package dev.runnerops.orchestrator.errors;

/** A Docker Engine call failed. The message names the action and the resource, then the engine's reason. */
public class EngineException extends OperationException {
    public EngineException(String action, String resource, String message, Throwable cause) {
        super(action, resource, message, cause);
    }

    public EngineException(String action, String resource, String message) {
        super(action, resource, message, null);
    }
}
