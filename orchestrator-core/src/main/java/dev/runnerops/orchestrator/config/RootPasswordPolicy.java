package dev.runnerops.orchestrator.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitLab's rules for the password of the root user it seeds on first boot (gitlabhq
 * {@code lib/security/weak_passwords.rb}, used by the User model's password validation). A password GitLab
 * refuses makes the first boot fail and root is never created, so the tool refuses it before anything starts.
 */
public final class RootPasswordPolicy {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;
    /** Words GitLab forbids in every password. */
    private static final List<String> FORBIDDEN_WORDS = List.of("gitlab", "devops");
    /** The seeded root user: name, username and e-mail (db/fixtures/production/003_admin.rb). */
    private static final List<String> ROOT_USER_ATTRIBUTES = List.of("Administrator", "root", "admin@example.com");
    /** Parts of those attributes shorter than this are allowed. */
    private static final int MIN_PART_LENGTH = 4;

    private RootPasswordPolicy() {}

    /** Why GitLab would refuse the password, or empty when it would accept it. */
    public static Optional<String> violation(String password) {
        if (password.length() < MIN_LENGTH) {
            return Optional.of("is shorter than " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        for (String word : FORBIDDEN_WORDS) {
            if (lower.contains(word)) {
                return Optional.of("contains \"" + word + "\", which GitLab forbids in passwords");
            }
        }
        for (String attribute : ROOT_USER_ATTRIBUTES) {
            for (String part : attribute.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (part.length() >= MIN_PART_LENGTH && lower.contains(part)) {
                    return Optional.of("contains \"" + part + "\", part of the root user's name, username or e-mail ("
                            + attribute + "), which GitLab forbids");
                }
            }
        }
        return Optional.empty();
    }
}
