package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.errors.OperationException;

/** The check did not succeed within its timeout. */
public class WaitTimeoutException extends OperationException {
    public WaitTimeoutException(String condition, String message) {
        super("wait for", condition, message);
    }
}
