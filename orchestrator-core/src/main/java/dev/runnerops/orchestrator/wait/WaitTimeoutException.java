package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.api.OrchestratorException;
import java.time.Duration;

/** The check did not succeed within its timeout. */
public class WaitTimeoutException extends OrchestratorException {
    private final Duration waited;

    public WaitTimeoutException(String message, Duration waited) {
        super(message);
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }
}
