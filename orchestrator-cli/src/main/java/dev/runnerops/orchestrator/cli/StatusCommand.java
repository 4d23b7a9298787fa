package dev.runnerops.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.model.StatusReport;
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
        StatusReport r;
        try (Orchestrator orchestrator = parent.orchestrator(ConsoleProgress.forStderr())) {
            r = orchestrator.status();
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            return ExitCodes.OK;
        }
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
        System.out.print(out);
        return ExitCodes.OK;
    }
}
