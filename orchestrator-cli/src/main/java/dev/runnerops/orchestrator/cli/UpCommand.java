package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.model.UpResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the runner (creating what is missing, recreating what changed), register it and keep "
                + "its config.toml in line with the configuration.",
                "With --complete, also start a local GitLab server and register the runner with it, with no manual "
                        + "steps."})
final class UpCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--complete", description = "Also run a local GitLab server ([server] settings).")
    boolean complete;

    @Override
    public Integer call() {
        try (Fleet fleet = parent.fleet()) {
            return FleetOutput.report(fleet, fleet.up(complete ? Mode.COMPLETE : Mode.RUNNER_ONLY), UpCommand::print);
        }
    }

    private static void print(String prefix, UpResult result) {
        System.out.println(prefix + "runner registration: " + result.registration().words());
        System.out.println(prefix + "runner config: " + result.runnerConfig().words()
                + (result.runnerConfigChanges().isEmpty() ? "" : " (" + String.join(", ", result.runnerConfigChanges())
                + ")"));
        result.gitlab().ifPresent(g -> {
            System.out.println(prefix + "GitLab: " + g.url() + "  user: " + g.user() + "  password file: "
                    + g.passwordFile());
            if (!g.hostsLine().isEmpty()) {
                System.out.println(prefix + "To open it in a browser here, add to /etc/hosts: " + g.hostsLine());
            }
            System.out.println(prefix + "runner: " + g.runnerState().words());
        });
    }
}
