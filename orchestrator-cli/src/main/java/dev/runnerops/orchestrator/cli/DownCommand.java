package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop and remove the project's containers and network. Keeps config.toml, mounts, helper "
                + "binaries and GitLab's data.")
final class DownCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Override
    public Integer call() {
        try (Fleet fleet = parent.fleet()) {
            return FleetOutput.report(fleet, fleet.down(), (prefix, result) -> {
                if (result.removedContainers().isEmpty() && result.removedNetworks().isEmpty()) {
                    System.out.println(prefix + "nothing to remove");
                }
            });
        }
    }
}
