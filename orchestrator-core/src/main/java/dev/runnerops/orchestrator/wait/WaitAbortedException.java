package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.api.OrchestratorException;

/** Waiting stopped early because the thing waited for can no longer become ready (its container exited). */
public class WaitAbortedException extends OrchestratorException {
    public WaitAbortedException(String message) {
        super(message);
    }
}
