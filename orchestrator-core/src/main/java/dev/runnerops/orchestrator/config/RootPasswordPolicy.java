package dev.runnerops.orchestrator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * GitLab's rules for the password of the root user it seeds on first boot (gitlabhq
 * {@code lib/security/weak_passwords.rb}, used by {@code app/models/user.rb}; the root user of
 * {@code db/fixtures/production/003_admin.rb}). A password GitLab refuses makes the first boot fail and root is
 * never created, so the tool refuses it before anything starts. GitLab also refuses the 4,500 most common
 * passwords ({@code config/weak_password_digests.yml}); that list is not repeated here.
 */
public final class RootPasswordPolicy {
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;
    /** Longer passwords skip every substring check (PASSWORD_SUBSTRING_CHECK_MAX_LENGTH). */
    static final int SUBSTRING_CHECK_MAX_LENGTH = 64;
    /** Shorter parts are allowed (MINIMUM_SUBSTRING_SIZE). */
    static final int MIN_PART_LENGTH = 4;
    private static final List<String> FORBIDDEN_WORDS = List.of("gitlab", "devops");
    /** The seeded root: name and username are fixed; the e-mail is GITLAB_ROOT_EMAIL when set. */
    private static final String ROOT_NAME = "Administrator";
    private static final String ROOT_USERNAME = "root";
    public static final String DEFAULT_ROOT_EMAIL = "admin@example.com";

    private RootPasswordPolicy() {}

    /** Why GitLab would refuse the password for the default root user, or empty when it would accept it. */
    public static Optional<String> violation(String password) {
        return violation(password, DEFAULT_ROOT_EMAIL);
    }

    /** @param rootEmail the e-mail root gets (GITLAB_ROOT_EMAIL, else admin@example.com) */
    public static Optional<String> violation(String password, String rootEmail) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("is shorter than " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (length >= SUBSTRING_CHECK_MAX_LENGTH) {
            return Optional.empty();
        }
        String lower = password.toLowerCase(Locale.ROOT);
        for (String part : forbiddenParts(rootEmail)) {
            if (lower.contains(part)) {
                return Optional.of("contains \"" + part + "\", which GitLab forbids in the root password (the words "
                        + "gitlab and devops, and parts of root's name " + ROOT_NAME + ", username " + ROOT_USERNAME
                        + " and e-mail " + rootEmail + ")");
            }
        }
        return Optional.empty();
    }

    /** The words, and each attribute whole and split on non-alphanumerics (the e-mail also on @), lower case. */
    static List<String> forbiddenParts(String rootEmail) {
        List<String> parts = new ArrayList<>(FORBIDDEN_WORDS);
        for (String attribute : List.of(ROOT_NAME, ROOT_USERNAME, rootEmail)) {
            String lower = attribute.toLowerCase(Locale.ROOT);
            parts.add(lower);
            parts.addAll(List.of(lower.split("[^\\p{Alnum}]+")));
            if (attribute.equals(rootEmail)) {
                parts.addAll(List.of(lower.split("@")));
            }
        }
        return parts.stream().filter(p -> p.length() >= MIN_PART_LENGTH).distinct().toList();
    }
}
