package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.errors.OrchestratorException;
import java.io.PrintStream;
import java.util.function.BiConsumer;

/**
 * Prints what every host of a fleet said, each line prefixed with its host ("[build-1] ") when there are
 * several, and turns the failures into the exit code: a failed host makes it non-zero, the first failure's kind
 * chooses which.
 */
final class FleetOutput {
    private FleetOutput() {}

    /**
     * As JSON on stdout: the one result without {@code [[hosts]]}, else an object of results by host name; failures
     * on stderr as {@link #report} prints them.
     */
    static <T> int json(Fleet fleet, Fleet.Results<T> results) throws java.io.IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        boolean sole = fleet.members().size() == 1 && fleet.members().get(0).name().isEmpty();
        Object data = sole ? results.results().get("") : results.results();
        if (data != null) {
            System.out.println(mapper.writeValueAsString(data));
        }
        return report(fleet, results, (HostPrinter<T>) (host, prefix, result) -> { });
    }

    /** Prints one host's result; {@code prefix} starts each of its lines. */
    @FunctionalInterface
    interface HostPrinter<T> {
        void print(String host, String prefix, T result);
    }

    static <T> int report(Fleet fleet, Fleet.Results<T> results, BiConsumer<String, T> print) {
        return report(fleet, results, (HostPrinter<T>) (host, prefix, result) -> print.accept(prefix, result));
    }

    static <T> int report(Fleet fleet, Fleet.Results<T> results, HostPrinter<T> print) {
        PrintStream err = System.err;
        int code = ExitCodes.OK;
        for (Fleet.Member m : fleet.members()) {
            String prefix = m.name().isEmpty() ? "" : "[" + m.name() + "] ";
            T result = results.results().get(m.name());
            if (result != null) {
                print.print(m.name(), prefix, result);
            }
            OrchestratorException failure = results.failures().get(m.name());
            if (failure != null) {
                err.println("error: " + prefix + failure.getMessage());
                if (code == ExitCodes.OK) {
                    code = ExitCodes.of(failure);
                }
            }
        }
        err.flush();
        return code;
    }
}
