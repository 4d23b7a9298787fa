package dev.runnerops.orchestrator.wait;

import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.ProgressListener;
import dev.runnerops.orchestrator.event.StepId;
import java.time.Duration;

/** Runs a {@link ReadinessCheck} until it succeeds or the timeout passes, reporting the elapsed time. */
public final class Poller {
    private final Duration interval;

    public Poller(Duration interval) {
        this.interval = interval;
    }

    /** Returns how long it took; throws {@link WaitTimeoutException} after {@code timeout}. */
    public Duration await(StepId step, ReadinessCheck check, Duration timeout, ProgressListener listener) {
        long start = System.nanoTime();
        while (true) {
            if (check.isReady()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) >= 0) {
                throw new WaitTimeoutException(check.describe(), "Timed out after " + timeout.toSeconds()
                        + " s waiting for " + check.describe() + ".");
            }
            listener.onEvent(new ProgressEvent.Waiting(step, check.describe(), elapsed, timeout));
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitAbortedException(check.describe(), "Interrupted while waiting for " + check.describe()
                        + ".");
            }
        }
    }
}
