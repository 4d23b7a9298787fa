package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Check the configuration and print where it comes from.",
                "With --default, print the built-in default file, every setting commented: a starting point for "
                        + "your own."})
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--default", description = "Print the built-in default configuration.")
    boolean printDefault;

    @Override
    public Integer call() {
        if (printDefault) {
            System.out.print(ConfigLoader.defaultText());
            return ExitCodes.OK;
        }
        var config = parent.loadConfig();
        System.out.println("configuration OK: " + config.source());
        System.out.println("project " + config.project().name() + ", state folder " + config.project().stateDir());
        return ExitCodes.OK;
    }
}
