package dev.runnerops.orchestrator.event;

/** What a step did. */
public enum Outcome {
    CREATED("created"),
    RECREATED("recreated"),
    STARTED("started"),
    UNCHANGED("unchanged"),
    UPDATED("updated"),
    WRITTEN("written"),
    PRESENT("present"),
    PULLED("pulled"),
    BUILT("built"),
    DOWNLOADED("downloaded"),
    REUSED("reused"),
    LOCAL("local binary"),
    EXISTS("exists"),
    EXTERNAL("external"),
    READY("ready"),
    REGISTERED("registered"),
    ALREADY_REGISTERED("already registered"),
    SKIPPED("skipped"),
    VERIFIED("verified"),
    NOT_VERIFIED("not verified"),
    UNREGISTERED("unregistered"),
    DELETED("deleted"),
    REMOVED("removed"),
    KEPT("kept"),
    ALREADY_GONE("already gone"),
    FAILED("failed");

    private final String words;

    Outcome(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
