package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.errors.OperationException;

/** Waiting stopped early because the thing waited for can no longer become ready (its container exited). */
public class WaitAbortedException extends OperationException {
    public WaitAbortedException(String condition, String message) {
        super("wait for", condition, message);
    }
}
