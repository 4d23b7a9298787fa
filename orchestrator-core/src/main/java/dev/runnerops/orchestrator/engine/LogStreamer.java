package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.runnerops.orchestrator.errors.EngineException;
import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A container's output as whole lines, both streams, until it ends or the handle is closed. */
final class LogStreamer {
    /** A non-following read of even a long log ends well within this. */
    private static final long COMPLETE_READ_MINUTES = 10;

    private final DockerClient client;
    private final EngineErrors errors;

    LogStreamer(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    Closeable stream(String container, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        LineSplitter stdout = new LineSplitter(text -> sink.accept(new LogLine(container, false, text)));
        LineSplitter stderr = new LineSplitter(text -> sink.accept(new LogLine(container, true, text)));
        Callback callback = new Callback(stdout, stderr, onEnd);
        var cmd = client.logContainerCmd(container).withStdOut(true).withStdErr(true).withFollowStream(follow);
        if (tail >= 0) {
            cmd.withTail(tail);
        } else {
            cmd.withTailAll();
        }
        errors.call("read the logs of container", container, () -> cmd.exec(callback));
        if (!follow) {
            awaitEnd(container, callback);
        }
        return callback;
    }

    /** Everything was delivered, or the reason why not is raised. */
    private void awaitEnd(String container, Callback callback) {
        boolean ended;
        try {
            ended = callback.awaitCompletion(COMPLETE_READ_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new EngineException("read the logs of container", container, "Interrupted while reading the logs of "
                    + container + ".", e);
        } catch (RuntimeException e) {
            // docker-java rethrows the stream's first error here
            throw new EngineException("read the logs of container", container, "Reading the logs of " + container
                    + " failed part-way: " + EngineErrors.describe(e) + ".", e);
        }
        if (!ended) {
            closeQuietly(callback);
            throw new EngineException("read the logs of container", container, "The logs of " + container + " did not "
                    + "finish within " + COMPLETE_READ_MINUTES + " minutes; use --tail to read fewer lines.");
        }
        if (callback.failure != null) {
            throw new EngineException("read the logs of container", container, "Reading the logs of " + container
                    + " failed part-way: " + EngineErrors.describe(callback.failure) + ".", callback.failure);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a stream that already ended
        }
    }

    private static final class Callback extends ResultCallback.Adapter<Frame> {
        private final LineSplitter stdout;
        private final LineSplitter stderr;
        private final Runnable onEnd;
        private volatile Throwable failure;

        Callback(LineSplitter stdout, LineSplitter stderr, Runnable onEnd) {
            this.stdout = stdout;
            this.stderr = stderr;
            this.onEnd = onEnd;
        }

        @Override
        public void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).accept(frame.getPayload());
        }

        @Override
        public void onComplete() {
            stdout.flush();
            stderr.flush();
            super.onComplete();
            onEnd.run();
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
            stdout.flush();
            stderr.flush();
            super.onError(throwable);
            onEnd.run();
        }
    }
}
