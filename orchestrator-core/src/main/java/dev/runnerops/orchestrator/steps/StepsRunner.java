package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.ProgressListener;
import dev.runnerops.orchestrator.event.StepId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation's steps and reports them as numbered events: an operation declares its steps up front
 * ({@link #expect}), so every event says "3 of 7". Steps may run side by side; a step that was not declared is
 * added at the end. Notices go to the listener only: a front end prints each once.
 */
public final class StepsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepsRunner.class);

    private final ProgressListener listener;
    private final List<StepId> planned = new ArrayList<>();
    /** Steps known from the start that come after all others, whatever is expected meanwhile. */
    private final List<StepId> last = new ArrayList<>();

    public StepsRunner(ProgressListener listener) {
        this.listener = listener;
    }

    public ProgressListener listener() {
        return listener;
    }

    /** Declares steps the operation will run, in order. */
    public synchronized void expect(List<StepId> steps) {
        steps.stream().filter(s -> !planned.contains(s)).forEach(planned::add);
    }

    /** Declares steps that end the operation, so that the count is right from its first line. */
    public synchronized void expectLast(List<StepId> steps) {
        steps.stream().filter(s -> !planned.contains(s) && !last.contains(s)).forEach(last::add);
    }

    /** Runs a step whose only result is how it ended. */
    public Done run(StepId step, Supplier<Done> body) {
        return run(step, body, Function.identity());
    }

    /** Runs a step that computes a value; {@code describe} words how it ended. */
    public <T> T run(StepId step, Supplier<T> body, Function<T, Done> describe) {
        int position = position(step);
        long start = System.nanoTime();
        LOG.debug("step {} started", step);
        listener.onEvent(new ProgressEvent.StepStarted(step, position, total()));
        T result = body.get();
        Done done = describe.apply(result);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        LOG.debug("step {} finished: {} {} in {} ms", step, done.outcome(), done.detail(), took.toMillis());
        listener.onEvent(new ProgressEvent.StepFinished(step, position, total(), done.outcome(), done.detail(), took));
        return result;
    }

    public void transfer(StepId step, String detail, long current, long total) {
        listener.onEvent(new ProgressEvent.Transfer(step, detail, current, total));
    }

    public void info(String message) {
        LOG.debug("notice: {}", message);
        listener.onEvent(new ProgressEvent.Notice(ProgressEvent.Level.INFO, message));
    }

    public void warn(String message) {
        LOG.debug("warning: {}", message);
        listener.onEvent(new ProgressEvent.Notice(ProgressEvent.Level.WARNING, message));
    }

    private synchronized int position(StepId step) {
        int i = planned.indexOf(step);
        if (i >= 0) {
            return i + 1;
        }
        int j = last.indexOf(step);
        if (j >= 0) {
            return planned.size() + j + 1;
        }
        planned.add(step);
        return planned.size();
    }

    private synchronized int total() {
        return planned.size() + last.size();
    }
}
