package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.model.CleanOptions;
import dev.runnerops.orchestrator.model.CleanResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"First delete in GitLab the runner that up --complete created (a runner of your own token only "
                + "loses this host's manager), then down, then remove the images this project pulled that no other "
                + "container uses.", "Files are kept unless a flag says otherwise."})
final class CleanCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--remove-state", description = "Also delete the files this tool created in the state folder "
            + "(config.toml, helper binaries, job Docker config, tokens). Files it did not create stay.")
    boolean removeState;

    @Option(names = "--delete-gitlab-data", description = "Also delete the local GitLab's config, logs and data "
            + "folders: every repository, user and runner of that server.")
    boolean deleteGitLabData;

    @Override
    public Integer call() {
        try (Fleet fleet = parent.fleet()) {
            return FleetOutput.report(fleet, fleet.clean(new CleanOptions(removeState, deleteGitLabData)),
                    CleanCommand::print);
        }
    }

    private static void print(String prefix, CleanResult r) {
        r.runnersDeleted().forEach(n -> System.out.println(prefix + "deleted in GitLab: runner " + n));
        r.leftInGitLab().forEach(n -> System.out.println(prefix + "left in GitLab: " + n));
        r.keptFiles().forEach(f -> System.out.println(prefix + "kept " + f));
        r.keptImages().forEach(i -> System.out.println(prefix + "kept image " + i));
    }
}
