package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.ProgressListener;
import dev.runnerops.orchestrator.event.StepKind;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders progress events on stderr, by type: "3/7 container gitlab-ecr-runner: created (0.4 s)". On a
 * terminal, long steps (pulls, the helper build, waiting for GitLab) update one live line; otherwise every line
 * is plain and nothing is overwritten.
 */
final class ConsoleProgress implements ProgressListener {
    private static final long LIVE_EVERY_NANOS = 200_000_000L;
    private static final long PLAIN_WAIT_EVERY_NANOS = 15_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    /** "[build-1] " for a host of a fleet, else empty. */
    private final String prefix;
    private long lastLive;
    private long lastPlainWait;
    private boolean liveLineShown;

    ConsoleProgress(PrintStream out, boolean terminal, String prefix) {
        this.out = out;
        this.terminal = terminal;
        this.prefix = prefix;
    }

    static ConsoleProgress forStderr() {
        return new ConsoleProgress(System.err, System.console() != null && !"dumb".equals(System.getenv("TERM")), "");
    }

    /** For one host of several: plain lines (live lines of hosts side by side would overwrite each other). */
    static ConsoleProgress forHost(String host) {
        return host.isEmpty() ? forStderr() : new ConsoleProgress(System.err, false, "[" + host + "] ");
    }

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.StepStarted s) {
            if (!terminal && isLong(s.step().kind())) {
                println(s.position() + "/" + s.total() + " " + s.step() + " ...");
            }
        } else if (event instanceof ProgressEvent.StepFinished f) {
            println(f.position() + "/" + f.total() + " " + f.step() + ": " + f.outcomeText() + " ("
                    + seconds(f.took()) + ")");
        } else if (event instanceof ProgressEvent.Transfer t) {
            if (terminal) {
                live(t.step() + ": " + transfer(t));
            }
        } else if (event instanceof ProgressEvent.Waiting w) {
            String text = w.step() + ": " + w.elapsed().toSeconds() + " s of at most " + w.timeout().toSeconds()
                    + " s, waiting for " + w.condition();
            if (terminal) {
                live(text);
            } else if (System.nanoTime() - lastPlainWait > PLAIN_WAIT_EVERY_NANOS) {
                lastPlainWait = System.nanoTime();
                println(text);
            }
        } else if (event instanceof ProgressEvent.Notice n) {
            println(n.level() == ProgressEvent.Level.WARNING ? "warning: " + n.message() : n.message());
        }
    }

    /** Steps worth announcing when they start: they can take minutes. */
    private static boolean isLong(StepKind kind) {
        return switch (kind) {
            case IMAGE, HELPER, GITLAB_READY, RUNNER_TOKEN -> true;
            default -> false;
        };
    }

    private static String transfer(ProgressEvent.Transfer t) {
        if (t.total() > 0) {
            return String.format(Locale.ROOT, "%.1f / %.1f MB", t.current() / 1e6, t.total() / 1e6);
        }
        String detail = t.detail().length() > 70 ? t.detail().substring(0, 70) + "…" : t.detail();
        return detail.isEmpty() ? t.current() + " lines" : detail;
    }

    private void live(String text) {
        long now = System.nanoTime();
        if (now - lastLive < LIVE_EVERY_NANOS) {
            return;
        }
        lastLive = now;
        out.print("\r\033[2K" + text);
        out.flush();
        liveLineShown = true;
    }

    private void println(String text) {
        if (liveLineShown) {
            out.print("\r\033[2K");
            liveLineShown = false;
        }
        out.println(prefix + text);
        out.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
