package dev.runnerops.orchestrator.config;

import java.util.Objects;

/**
 * A token or password. {@link #toString()} never shows the value, so a secret that ends up in a log line, an
 * exception message or a record's toString stays hidden.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The clear text; call it only where the value leaves the process through a private channel. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    public TokenKind tokenKind() {
        return TokenKind.of(value);
    }

    /** First characters only, as GitLab shows tokens: {@code glrt-abc…}. */
    public String masked() {
        return value.isEmpty() ? "" : value.substring(0, tokenKind().visibleCharacters(value.length())) + "…";
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(empty)" : "(secret)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
