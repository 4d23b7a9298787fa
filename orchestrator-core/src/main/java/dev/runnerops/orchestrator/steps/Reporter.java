package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.api.ProgressEvent;
import dev.runnerops.orchestrator.api.ProgressListener;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wraps work in StepStarted / StepFinished events and mirrors them to the log. */
public final class Reporter {
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);
    private final ProgressListener listener;

    public Reporter(ProgressListener listener) {
        this.listener = listener;
    }

    public ProgressListener listener() {
        return listener;
    }

    /** Runs {@code body} as the named step; {@code outcome} words the result for the user. */
    public <T> T step(String step, Supplier<T> body, Function<T, String> outcome) {
        long start = System.nanoTime();
        LOG.debug("step started: {}", step);
        listener.onEvent(new ProgressEvent.StepStarted(step));
        T result = body.get();
        String words = outcome.apply(result);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("step finished: {} ({}) in {} ms", step, words, took.toMillis());
        listener.onEvent(new ProgressEvent.StepFinished(step, words, took));
        return result;
    }

    /** A step whose only result is its outcome word. */
    public String step(String step, Supplier<String> body) {
        return step(step, body, Function.identity());
    }

    public void info(String message) {
        LOG.info(message);
        listener.onEvent(new ProgressEvent.Notice(ProgressEvent.Level.INFO, message));
    }

    public void warn(String message) {
        LOG.warn(message);
        listener.onEvent(new ProgressEvent.Notice(ProgressEvent.Level.WARNING, message));
    }

    public void emit(ProgressEvent event) {
        listener.onEvent(event);
    }
}
