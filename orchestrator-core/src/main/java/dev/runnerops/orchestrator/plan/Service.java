package dev.runnerops.orchestrator.plan;

import java.time.Duration;

/** The containers a project can have. The name is the label value and the suffix of the container name. */
public enum Service {
    /** The GitLab server of complete mode; started first because it boots slowest. */
    GITLAB("gitlab", Duration.ofSeconds(30)),
    RUNNER("runner", Duration.ofSeconds(10));

    private final String id;
    private final Duration stopGrace;

    Service(String id, Duration stopGrace) {
        this.id = id;
        this.stopGrace = stopGrace;
    }

    public String id() {
        return id;
    }

    /** How long a stop waits before killing: GitLab's PostgreSQL deserves a clean shutdown. */
    public Duration stopGrace() {
        return stopGrace;
    }

    /** The grace of the service a container's label names; the runner's for unknown ones. */
    public static Duration stopGraceOf(String id) {
        Service s = fromId(id);
        return s == null ? RUNNER.stopGrace : s.stopGrace;
    }

    public static Service fromId(String id) {
        for (Service s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }
}
