package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Orchestrator;
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
        UpResult result;
        try (Orchestrator orchestrator = parent.orchestrator(ConsoleProgress.forStderr())) {
            result = orchestrator.up(complete ? Mode.COMPLETE : Mode.RUNNER_ONLY);
        }
        System.out.println("runner registration: " + result.registration().words());
        System.out.println("runner config: " + result.runnerConfig().words()
                + (result.runnerConfigChanges().isEmpty() ? "" : " (" + String.join(", ", result.runnerConfigChanges())
                + ")"));
        result.gitlab().ifPresent(g -> {
            System.out.println("GitLab: " + g.url() + "  user: " + g.user() + "  password file: " + g.passwordFile());
            if (!g.hostsLine().isEmpty()) {
                System.out.println("To open it in a browser here, add to /etc/hosts: " + g.hostsLine());
            }
            System.out.println("runner: " + g.runnerState().words());
        });
        return ExitCodes.OK;
    }
}
