package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.errors.OperationException;

/** gitlab-runner could not register (bad token, unreachable GitLab, ...); config.toml is as it was before. */
public class RegistrationException extends OperationException {
    public RegistrationException(String runner, String message) {
        super("register runner", runner, message);
    }
}
