package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.model.LogEntry;
import dev.runnerops.orchestrator.model.LogStream;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.Context;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** {@code logs}: the services' output, each line tagged with its service, like Compose. */
public final class LogsOperation {
    private final Context ctx;

    public LogsOperation(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param service "runner", "gitlab", or empty for all
     * @param tail    lines from the end per container; negative for all
     */
    public LogStream run(String service, int tail, boolean follow, Consumer<LogEntry> sink) {
        if (!service.isEmpty() && Service.fromId(service) == null) {
            throw new OperationException("show logs of", service, "Unknown service \"" + service + "\". The services "
                    + "are " + String.join(", ", Arrays.stream(Service.values()).map(Service::id).toList()) + ".");
        }
        ctx.engine().ping();
        List<ContainerInfo> containers = Observation.of(ctx).containers().stream()
                .filter(c -> service.isEmpty() || service.equals(c.label(Labels.SERVICE)))
                .toList();
        if (containers.isEmpty()) {
            throw new OperationException("show logs of", service.isEmpty() ? ctx.project() : service, "Project "
                    + ctx.project() + " has no " + (service.isEmpty() ? "" : service + " ") + "container. Run `up` "
                    + "first.");
        }
        CountDownLatch ended = new CountDownLatch(containers.size());
        List<Closeable> streams = new ArrayList<>();
        try {
            for (ContainerInfo c : containers) {
                String name = c.label(Labels.SERVICE);
                streams.add(ctx.engine().streamLogs(c.id(), tail, follow,
                        line -> sink.accept(new LogEntry(name, line.stderr(), line.text())), ended::countDown));
            }
        } catch (RuntimeException e) {
            closeAll(streams);
            throw e;
        }
        return new Streams(streams, ended);
    }

    private static void closeAll(List<Closeable> streams) {
        for (Closeable c : streams) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a finished stream
            }
        }
    }

    /** Handle on running log streams; {@link #await()} returns when every stream ended. */
    private record Streams(List<Closeable> streams, CountDownLatch ended) implements LogStream {
        @Override
        public void await() throws InterruptedException {
            ended.await();
        }

        @Override
        public void close() {
            closeAll(streams);
        }
    }
}
