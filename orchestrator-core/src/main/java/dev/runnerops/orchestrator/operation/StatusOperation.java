package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.StatusReport;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RunnerConfigAccess;
import dev.runnerops.orchestrator.steps.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/** {@code status}: read-only; containers and network by label, registration from config.toml, the helper. */
public final class StatusOperation {
    private final Context ctx;

    public StatusOperation(Context ctx) {
        this.ctx = ctx;
    }

    public StatusReport run() {
        OrchestratorConfig config = ctx.config();
        List<ContainerInfo> containers;
        Optional<NetworkInfo> network;
        try (Parallel parallel = new Parallel(2)) {
            // Two independent engine round trips: side by side.
            Future<List<ContainerInfo>> listed = parallel.submit(() -> ctx.engine().containers(Labels.project(ctx.project())));
            Future<Optional<NetworkInfo>> net = parallel.submit(() -> ctx.engine().network(config.network().name()));
            containers = Parallel.await(listed);
            network = Parallel.await(net);
        }
        List<StatusReport.ContainerStatus> statuses = containers.stream()
                .sorted(Comparator.comparing(c -> c.label(Labels.SERVICE)))
                .map(c -> new StatusReport.ContainerStatus(c.label(Labels.SERVICE), c.name(), c.state(), c.health(),
                        c.image(), c.ports()))
                .toList();
        String runner = containers.stream()
                .filter(c -> Service.RUNNER.id().equals(c.label(Labels.SERVICE)) && c.running())
                .map(ContainerInfo::name).findFirst().orElse(null);
        List<StatusReport.RegisteredRunner> runners = new RunnerConfigAccess(ctx.engine(), ctx.layout().runnerConfigToml())
                .parse(runner).runners().stream()
                .map(r -> new StatusReport.RegisteredRunner(r.name(), r.url(), r.token().masked()))
                .toList();
        Path helper = StackPlanner.helperBinary(config);
        StatusReport.HelperStatus helperStatus = new StatusReport.HelperStatus(
                config.helper().source() == HelperSource.BUILD ? "build" : "local",
                config.helper().source() == HelperSource.BUILD ? config.helper().version() : "",
                helper.toString(), Files.isRegularFile(helper));
        return new StatusReport(ctx.project(), statuses,
                new StatusReport.NetworkStatus(config.network().name(), network.isPresent(), config.network().external()),
                runners, helperStatus);
    }
}
