package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.event.Outcome;

/** How a step ended: its outcome and, where useful, a few words more ("configuration changed"). */
public record Done(Outcome outcome, String detail) {
    public static Done of(Outcome outcome) {
        return new Done(outcome, "");
    }

    public static Done of(Outcome outcome, String detail) {
        return new Done(outcome, detail);
    }
}
