package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.model.LogStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the output of the project's containers, each line prefixed with its service (and its "
                + "host, with [[hosts]]).")
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
        try (Fleet fleet = parent.fleet()) {
            Fleet.Results<LogStream> streams = fleet.logs(service, tail, follow, (host, line) -> {
                String prefix = host.isEmpty() ? "" : "[" + host + "] ";
                synchronized (out) {
                    out.println(prefix + String.format("%-6s | %s", line.service(), line.text()));
                }
            });
            // A host that failed is reported at once; the others' lines keep coming.
            int code = FleetOutput.report(fleet, streams, (prefix, stream) -> { });
            try {
                for (LogStream stream : streams.results().values()) {
                    stream.await();
                }
            } finally {
                streams.results().values().forEach(LogStream::close);
            }
            return code;
        }
    }
}
