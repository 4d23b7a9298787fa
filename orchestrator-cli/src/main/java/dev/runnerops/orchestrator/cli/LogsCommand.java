package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.model.LogStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the output of the project's containers, each line prefixed with its service.")
final class LogsCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines of each container "
            + "(default: all).", defaultValue = "-1")
    int tail;

    @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "runner or gitlab (default: both).",
            defaultValue = "")
    String service;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        try (Orchestrator orchestrator = parent.orchestrator(ConsoleProgress.forStderr());
             LogStream stream = orchestrator.logs(service, tail, follow, line -> {
                 synchronized (out) {
                     out.println(String.format("%-6s | %s", line.service(), line.text()));
                 }
             })) {
            stream.await();
        }
        return ExitCodes.OK;
    }
}
