package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.config.Mode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register the running runner with GitLab (the registration step of up alone). Does nothing "
                + "when config.toml already has this runner.")
final class RegisterCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--complete", description = "Register with the local GitLab server of up --complete.")
    boolean complete;

    @Override
    public Integer call() {
        try (Fleet fleet = parent.fleet()) {
            return FleetOutput.report(fleet, fleet.register(complete ? Mode.COMPLETE : Mode.RUNNER_ONLY),
                    (prefix, outcome) -> System.out.println(prefix + "runner registration: " + outcome.words()));
        }
    }
}
