package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.LogEntry;
import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.ContainerInfo;
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

    /** Handle on running log streams; {@link #await()} returns when every stream ended. */
    public static final class Stream implements Closeable {
        private final List<Closeable> streams;
        private final CountDownLatch ended;

        Stream(List<Closeable> streams, CountDownLatch ended) {
            this.streams = streams;
            this.ended = ended;
        }

        public void await() throws InterruptedException {
            ended.await();
        }

        @Override
        public void close() {
            for (Closeable c : streams) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a finished stream
                }
            }
        }
    }

    /**
     * @param service "runner", "gitlab", or empty for all
     * @param tail    lines from the end per container; negative for all
     */
    public Stream run(String service, int tail, boolean follow, Consumer<LogEntry> sink) {
        if (!service.isEmpty() && Service.fromId(service) == null) {
            throw new OrchestratorException("Unknown service \"" + service + "\". The services are "
                    + String.join(", ", Arrays.stream(Service.values()).map(Service::id).toList()) + ".");
        }
        ctx.engine().ping();
        List<ContainerInfo> containers = Observation.of(ctx).containers().stream()
                .filter(c -> service.isEmpty() || service.equals(c.label(Labels.SERVICE)))
                .toList();
        if (containers.isEmpty()) {
            throw new OrchestratorException("Project " + ctx.project() + " has no "
                    + (service.isEmpty() ? "" : service + " ") + "container. Run `up` first.");
        }
        CountDownLatch ended = new CountDownLatch(containers.size());
        List<Closeable> streams = new ArrayList<>();
        for (ContainerInfo c : containers) {
            String name = c.label(Labels.SERVICE);
            streams.add(ctx.engine().streamLogs(c.id(), tail, follow,
                    line -> sink.accept(new LogEntry(name, line.stderr(), line.text())), ended::countDown));
        }
        return new Stream(streams, ended);
    }
}
