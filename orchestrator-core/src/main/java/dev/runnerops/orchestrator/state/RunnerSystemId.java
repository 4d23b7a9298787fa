package dev.runnerops.orchestrator.state;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gitlab-runner's system ID, in {@code .runner_system_id} beside config.toml: the identity of this host's runner
 * manager in GitLab. Same format and rules as gitlab-runner's own (commands/internal/configfile/
 * system_id_state.go): a file whose trimmed content is {@code [sr]_} and 12 letters or digits is used as it is;
 * otherwise a process makes one, {@code r_} and 12 random characters when the machine has no machine-id (as in a
 * container).
 */
public final class RunnerSystemId {
    private static final Pattern VALID = Pattern.compile("^[sr]_[0-9a-zA-Z]{12}$");
    private static final String CHARSET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunnerSystemId() {}

    /** The ID a file holds, when gitlab-runner would use it. */
    public static Optional<String> of(byte[] content) {
        String id = new String(content, StandardCharsets.UTF_8).strip();
        return VALID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** A new one, as gitlab-runner makes it without a machine-id. */
    public static String random() {
        StringBuilder id = new StringBuilder("r_");
        for (int i = 0; i < 12; i++) {
            id.append(CHARSET.charAt(RANDOM.nextInt(CHARSET.length())));
        }
        return id.toString();
    }
}
