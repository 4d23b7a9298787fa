package dev.runnerops.orchestrator.event;

import java.time.Duration;

/**
 * What the orchestrator reports while it works. Listeners get these from several threads (independent work
 * runs side by side); the CLI renders them by type, an embedding tool may log or ignore them.
 */
public sealed interface ProgressEvent {

    /**
     * A step began.
     *
     * @param position its place among the operation's steps, from 1
     * @param total    how many steps the operation has
     */
    record StepStarted(StepId step, int position, int total) implements ProgressEvent {}

    /**
     * A step ended.
     *
     * @param detail more words on the outcome ("configuration changed", "environment, docker.volumes"),
     *               empty when the outcome says it all
     */
    record StepFinished(StepId step, int position, int total, Outcome outcome, String detail, Duration took)
            implements ProgressEvent {

        /** "created", or "recreated (configuration changed)". */
        public String outcomeText() {
            return detail.isEmpty() ? outcome.words() : outcome.words() + " (" + detail + ")";
        }
    }

    /**
     * Bytes of an image pull or a download, or lines of a build.
     *
     * @param total 0 when unknown
     */
    record Transfer(StepId step, String detail, long current, long total) implements ProgressEvent {}

    /** A wait is still going on: what it waits for and for how long already. */
    record Waiting(StepId step, String condition, Duration elapsed, Duration timeout) implements ProgressEvent {}

    /** Something the user should read: a warning, or how to use what was just provisioned. */
    record Notice(Level level, String message) implements ProgressEvent {}

    enum Level { INFO, WARNING }
}
