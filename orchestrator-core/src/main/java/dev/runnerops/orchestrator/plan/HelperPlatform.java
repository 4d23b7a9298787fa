package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.errors.OperationException;
import java.util.Locale;
import java.util.Map;

/**
 * The platform the helper binary must be built for: the Docker engine's, never this JVM's (the engine may be
 * an arm64 host while the tool runs elsewhere, or the other way round). Names as Go and the release bucket
 * use them: {@code linux-amd64}, {@code linux-arm64}.
 *
 * @param os   GOOS: linux
 * @param arch GOARCH: amd64 or arm64
 */
public record HelperPlatform(String os, String arch) {
    /**
     * The engine's {@code Architecture} (its kernel's {@code uname -m}) to GOARCH. The upstream project
     * publishes linux binaries for these two only; other names some engines report for them are accepted.
     */
    private static final Map<String, String> ARCHITECTURES = Map.of(
            "x86_64", "amd64",
            "amd64", "amd64",
            "aarch64", "arm64",
            "arm64", "arm64");

    /**
     * @param osType       the engine's OSType (linux, windows)
     * @param architecture the engine's Architecture (x86_64, aarch64, ...)
     */
    public static HelperPlatform ofEngine(String osType, String architecture) {
        String os = osType == null ? "" : osType.trim().toLowerCase(Locale.ROOT);
        String machine = architecture == null ? "" : architecture.trim().toLowerCase(Locale.ROOT);
        if (!os.equals("linux")) {
            throw new OperationException("choose helper binary", os, "The Docker engine runs " + (os.isEmpty()
                    ? "an unknown OS" : os) + " containers, but the runner and docker-credential-ecr-login need a "
                    + "Linux engine. Switch the engine to Linux containers.");
        }
        String arch = ARCHITECTURES.get(machine);
        if (arch == null) {
            throw new OperationException("choose helper binary", machine, "The Docker engine's architecture is \""
                    + machine + "\", but docker-credential-ecr-login is published, and built by this tool, for "
                    + "x86_64 (amd64) and aarch64 (arm64) engines only. Build the helper for " + machine
                    + " yourself and set helper.source = \"local\" with helper.local_path pointing at it.");
        }
        return new HelperPlatform(os, arch);
    }

    /** {@code linux-arm64}: the release bucket's folder, and part of the cached file's name. */
    public String id() {
        return os + "-" + arch;
    }

    @Override
    public String toString() {
        return os + "/" + arch;
    }
}
