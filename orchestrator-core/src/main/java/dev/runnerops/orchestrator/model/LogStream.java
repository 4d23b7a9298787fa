package dev.runnerops.orchestrator.model;

/** Running log streams of {@code logs}: {@link #await()} returns when every stream ended; close to stop following. */
public interface LogStream extends AutoCloseable {
    void await() throws InterruptedException;

    @Override
    void close();
}
