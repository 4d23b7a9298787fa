package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.errors.OperationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A small pool for independent work of one operation; created per call, so the library keeps no threads. */
final class Parallel implements AutoCloseable {
    private final ExecutorService pool;

    Parallel(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "orchestrator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T> Future<T> submit(Supplier<T> work) {
        return pool.submit(work::get);
    }

    /** The task's result; its exception as thrown, not wrapped. */
    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new OperationException("run", "a parallel task", "Unexpected failure: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException("wait for", "a parallel task", "Interrupted.", e);
        }
    }

    /** Waits for the task and swallows its failure: used to let a sibling finish before reporting an error. */
    static void settle(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException ignored) {
            // the caller reports its own, earlier error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
