package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.model.StatusReport;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the project's containers, registration and helper.")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Fleet fleet = parent.fleet()) {
            Fleet.Results<StatusReport> reports = fleet.status();
            if (json) {
                return FleetOutput.json(fleet, reports);
            }
            boolean several = fleet.members().size() > 1 || !fleet.members().get(0).name().isEmpty();
            Fleet.Results<dev.runnerops.orchestrator.event.Outcome> verified = several ? fleet.verify() : null;
            Map<String, String> hostOfManager = new HashMap<>();
            reports.results().forEach((host, r) -> {
                if (!r.runnerSystemId().isEmpty()) {
                    hostOfManager.put(r.runnerSystemId(), several ? "host " + host : "this host");
                }
            });
            return FleetOutput.report(fleet, reports, (FleetOutput.HostPrinter<StatusReport>) (host, prefix, r) -> {
                print(prefix, r);
                if (r.gitlab() != null) {
                    printManagers(prefix, r.gitlab(), hostOfManager);
                }
                if (verified != null) {
                    var outcome = verified.results().get(host);
                    System.out.println(prefix + "GitLab's view of this host's runner manager: " + (outcome != null
                            ? "gitlab-runner verify: " + outcome.words()
                            : "unknown (" + verified.failures().get(host).getMessage() + ")"));
                }
            });
        }
    }

    /** GitLab's list of the runner's managers, each named by the host it belongs to when it is one of ours. */
    private static void printManagers(String prefix, StatusReport.GitLabView view, Map<String, String> hostOf) {
        if (!view.unavailable().isEmpty()) {
            System.out.println(prefix + "GitLab's managers of the runner: unknown (" + view.unavailable() + ")");
            return;
        }
        System.out.println(prefix + "GitLab's managers of runner #" + view.runnerId() + ": " + view.managers().size());
        for (StatusReport.Manager m : view.managers()) {
            System.out.println(prefix + "  " + m.systemId() + "  " + m.status()
                    + (m.contactedAt().isEmpty() ? "" : "  last contact " + m.contactedAt())
                    + (m.ipAddress().isEmpty() ? "" : " from " + m.ipAddress())
                    + (m.version().isEmpty() ? "" : "  gitlab-runner " + m.version())
                    + "  (" + hostOf.getOrDefault(m.systemId(), "not a host of this configuration") + ")");
        }
    }

    private static void print(String prefix, StatusReport r) {
        StringBuilder out = new StringBuilder("project " + r.project() + "\n");
        if (r.containers().isEmpty()) {
            out.append("no containers (run up)\n");
        } else {
            out.append(String.format("%-8s %-24s %-9s %-10s %-36s %s%n", "SERVICE", "CONTAINER", "STATE", "HEALTH",
                    "IMAGE", "PORTS"));
            for (StatusReport.ContainerStatus c : r.containers()) {
                out.append(String.format("%-8s %-24s %-9s %-10s %-36s %s%n", c.service(), c.name(), c.state(),
                        c.health().isEmpty() ? "-" : c.health(), c.image(), String.join(", ", c.ports())));
            }
        }
        out.append("network ").append(r.network().name()).append(": ")
                .append(r.network().exists() ? "present" : "absent")
                .append(r.network().external() ? " (external)" : "").append('\n');
        if (r.runners().isEmpty()) {
            out.append("registration: none in config.toml\n");
        }
        for (StatusReport.RegisteredRunner runner : r.runners()) {
            out.append("registered: ").append(runner.name()).append(" at ").append(runner.url())
                    .append(" token ").append(runner.maskedToken()).append('\n');
        }
        if (!r.runnerConfigDrift().isEmpty()) {
            out.append("runner config: differs from the configuration in ")
                    .append(String.join(", ", r.runnerConfigDrift())).append(" (run up to rewrite)\n");
        }
        out.append("state: ").append(r.state()).append('\n');
        StatusReport.HelperStatus h = r.helper();
        out.append("helper: docker-credential-ecr-login ")
                .append(h.version().isEmpty() ? "" : h.version() + " ").append("(").append(h.source()).append(") ")
                .append(h.path()).append(h.present() ? "" : " (missing: run up)").append('\n');
        System.out.print(out.toString().lines().map(l -> prefix + l + "\n").reduce("", String::concat));
    }
}
