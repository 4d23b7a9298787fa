package dev.runnerops.orchestrator.config;

/**
 * The two kinds of token gitlab-runner registers with. The only place that knows their prefixes.
 */
public enum TokenKind {
    /** {@code glrt-...}: from a runner created in GitLab (Settings > CI/CD > Runners > New runner, or the API). */
    RUNNER_AUTHENTICATION,
    /** Anything else: a legacy registration token (disabled by default since GitLab 17.0). */
    REGISTRATION;

    private static final String RUNNER_AUTHENTICATION_PREFIX = "glrt-";

    public static TokenKind of(String token) {
        return token.startsWith(RUNNER_AUTHENTICATION_PREFIX) ? RUNNER_AUTHENTICATION : REGISTRATION;
    }

    /** How many characters of such a token may be shown: the prefix and three more, as GitLab shows them. */
    int visibleCharacters(int length) {
        return this == RUNNER_AUTHENTICATION ? RUNNER_AUTHENTICATION_PREFIX.length() + 3 : Math.min(4, length / 4);
    }
}
