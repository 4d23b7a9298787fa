package dev.runnerops.orchestrator.api;

import java.time.Duration;

/**
 * What the orchestrator reports while it works. Listeners get these from several threads (independent work
 * runs side by side); the CLI renders them, an embedding tool may log or ignore them.
 */
public sealed interface ProgressEvent {

    /** A named step began, such as "pull gitlab/gitlab-runner:v19.4.1" or "wait for GitLab". */
    record StepStarted(String step) implements ProgressEvent {}

    /** A step ended; {@code outcome} says what it did ("created", "kept", "already registered"). */
    record StepFinished(String step, String outcome, Duration took) implements ProgressEvent {}

    /** Bytes of an image pull or lines of a build; {@code total} is 0 when unknown. */
    record Transfer(String step, String detail, long current, long total) implements ProgressEvent {}

    /** A wait is still going on: what it waits for and for how long already. */
    record Waiting(String step, String condition, Duration elapsed, Duration timeout) implements ProgressEvent {}

    /** Something the user should read: a warning, or how to use what was just provisioned. */
    record Notice(Level level, String message) implements ProgressEvent {}

    enum Level { INFO, WARNING }
}
