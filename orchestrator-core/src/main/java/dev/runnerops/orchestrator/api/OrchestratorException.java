package dev.runnerops.orchestrator.api;

/**
 * Base of every exception the orchestrator raises on purpose. Messages are one paragraph written for the
 * person running the tool: what failed, why, and what to do. They never contain secrets.
 */
public class OrchestratorException extends RuntimeException {
    public OrchestratorException(String message) {
        super(message);
    }

    public OrchestratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
