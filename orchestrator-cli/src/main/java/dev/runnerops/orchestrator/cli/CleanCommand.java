package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.CleanOptions;
import dev.runnerops.orchestrator.api.CleanResult;
import dev.runnerops.orchestrator.api.Orchestrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"down, plus: unregister the runner from GitLab when it can, and remove the images this project "
                + "pulled that no other container uses.", "Files are kept unless a flag says otherwise."})
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
        try (Orchestrator orchestrator = parent.orchestrator(ConsoleProgress.forStderr())) {
            CleanResult r = orchestrator.clean(new CleanOptions(removeState, deleteGitLabData));
            r.keptFiles().forEach(f -> System.out.println("kept " + f));
            r.keptImages().forEach(i -> System.out.println("kept image " + i));
        }
        return 0;
    }
}
