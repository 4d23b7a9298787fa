package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.config.RootPasswordPolicy;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.steps.Context;
import java.nio.charset.StandardCharsets;
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

    /**
     * @return the file on this machine that holds the password: the one GitLab reads, or, when GitLab's files live
     *         on the engine, a copy in this machine's state folder
     */
    public Path run() {
        Path mounted = ctx.mounted().rootPasswordFile();
        Path local = ctx.layout().rootPasswordFile();
        byte[] password = ctx.site().read(mounted).orElse(null);
        if (password == null) {
            Secret configured = ctx.config().server().rootPassword();
            password = ((configured.isEmpty() ? generate() : configured.reveal()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            ctx.site().write(mounted, password, 0600);
        }
        if (!mounted.equals(local) && !Files.exists(local)) {
            ctx.state().write(local, password, true);
        }
        return local;
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
