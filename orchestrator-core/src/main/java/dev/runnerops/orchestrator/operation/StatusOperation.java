package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.gitlab.RunnerManagersQuery;
import dev.runnerops.orchestrator.model.StatusReport;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.ConvergeRunnerConfigStep;
import dev.runnerops.orchestrator.runner.RunnerConfigAccess;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import dev.runnerops.orchestrator.steps.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;

/**
 * {@code status}: read-only. Containers and network by label, registration and drift from config.toml, the
 * helper.
 */
public final class StatusOperation {
    private final Context ctx;

    public StatusOperation(Context ctx) {
        this.ctx = ctx;
    }

    public StatusReport run() {
        OrchestratorConfig config = ctx.config();
        ctx.engine().ping(); // an engine that does not answer is reported within seconds, remote ones too
        List<ContainerInfo> containers;
        List<NetworkInfo> networks;
        try (Parallel parallel = new Parallel(3)) {
            // Independent engine round trips: side by side. The helper's file name needs the engine's platform.
            Future<List<ContainerInfo>> listed = parallel.submit(() -> ctx.engine().containers(Labels.project(ctx.project())));
            Future<List<NetworkInfo>> net = parallel.submit(() -> ctx.engine().networksNamed(config.network().name()));
            Future<?> platform = config.helper().source() == HelperSource.LOCAL ? null
                    : parallel.submit(() -> ctx.engine().info());
            containers = Parallel.await(listed);
            networks = Parallel.await(net);
            if (platform != null) {
                Parallel.await(platform);
            }
        }
        List<StatusReport.ContainerStatus> statuses = containers.stream()
                .sorted(Comparator.comparing(c -> c.label(Labels.SERVICE)))
                .map(c -> new StatusReport.ContainerStatus(c.label(Labels.SERVICE), c.name(), c.state(), c.health(),
                        c.image(), c.ports().stream().map(Object::toString).toList()))
                .toList();
        String runner = containers.stream()
                .filter(c -> Service.RUNNER.id().equals(c.label(Labels.SERVICE)) && c.running())
                .map(ContainerInfo::name).findFirst().orElse(null);
        RunnerConfigDocument document = new RunnerConfigAccess(ctx).parse(runner);
        List<StatusReport.RegisteredRunner> runners = document.runners().stream()
                .map(r -> new StatusReport.RegisteredRunner(r.name(), r.url(), r.token().masked()))
                .toList();
        boolean complete = containers.stream().anyMatch(c -> Service.GITLAB.id().equals(c.label(Labels.SERVICE)));
        StackPlan plan = Plans.of(ctx, complete ? Mode.COMPLETE : Mode.RUNNER_ONLY);
        List<String> drift = new ConvergeRunnerConfigStep(ctx).drift(runner, plan.runnerConfig());
        Path helper = plan.helperBinary();
        StatusReport.HelperStatus helperStatus = new StatusReport.HelperStatus(config.helper().source().id(),
                config.helper().source() == HelperSource.LOCAL ? "" : config.helper().version(),
                helper.toString(), Files.isRegularFile(helper));
        StatusReport.GitLabView gitlab = !complete ? null
                : containers.stream().anyMatch(c -> Service.GITLAB.id().equals(c.label(Labels.SERVICE)) && c.running())
                        ? new RunnerManagersQuery(ctx).read()
                        : new StatusReport.GitLabView(0, List.of(),
                                "GitLab's container is not running; `up --complete` starts it");
        return new StatusReport(ctx.project(), statuses,
                new StatusReport.NetworkStatus(config.network().name(), !networks.isEmpty(), config.network().external()),
                runners, drift, helperStatus, ctx.site().describe(), ctx.runnerSystemId(), gitlab);
    }
}
