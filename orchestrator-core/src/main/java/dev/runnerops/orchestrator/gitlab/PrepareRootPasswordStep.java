package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.RootPasswordPolicy;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.steps.Context;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the initial root password where GITLAB_OMNIBUS_CONFIG reads it on first boot (the server's
 * /etc/gitlab, i.e. the state folder, mode 0600): the configured one, or a generated one of 24 characters.
 * An existing file is never overwritten: GitLab only reads it before its database is first seeded.
 */
public final class PrepareRootPasswordStep {
    private static final int GENERATED_LENGTH = 24;
    private final Context ctx;

    public PrepareRootPasswordStep(Context ctx) {
        this.ctx = ctx;
    }

    public Path run() {
        Path file = ctx.layout().rootPasswordFile();
        if (Files.exists(file)) {
            return file;
        }
        Secret configured = ctx.config().server().rootPassword();
        String password = configured.isEmpty() ? generate() : configured.reveal();
        ctx.state().ensureDirectory(file.getParent());
        ctx.state().write(file, password + "\n", true);
        return file;
    }

    /** Random, and one GitLab accepts: a random string may happen to contain "root" or "admin". */
    static String generate() {
        String password;
        do {
            password = CreateRunnerTokenStep.random(GENERATED_LENGTH);
        } while (RootPasswordPolicy.violation(password).isPresent());
        return password;
    }
}
