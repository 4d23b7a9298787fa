package dev.runnerops.orchestrator.plan;

/** The containers a project can have. The name is the label value and the suffix of the container name. */
public enum Service {
    /** The GitLab server of complete mode; started first because it boots slowest. */
    GITLAB("gitlab"),
    RUNNER("runner");

    private final String id;

    Service(String id) {
        this.id = id;
    }

    public String id() {
        return id;
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
