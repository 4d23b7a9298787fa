package dev.runnerops.orchestrator.errors;

/**
 * Base of every exception the orchestrator raises on purpose. The message is one paragraph written for the
 * person running the tool: what failed, why, and what to do. It never contains secrets.
 */
public abstract class OrchestratorException extends RuntimeException {
    protected OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
