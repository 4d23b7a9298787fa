package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.api.OrchestratorException;

/** A Docker Engine call failed. The message names the action and the resource, then the engine's reason. */
public class EngineException extends OrchestratorException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
