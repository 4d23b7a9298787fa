package dev.runnerops.orchestrator.plan;

import java.nio.file.Path;

/**
 * A path of the engine's host bind-mounted into a container (the same machine as this one, unless the state
 * lives on the engine).
 *
 * @param setting   the setting the source comes from, named in errors ({@code aws.credentials_file})
 * @param kind      what must exist at the source before the container is created
 */
public record BindMount(Path source, String target, boolean readOnly, SourceKind kind, String setting) {

    public enum SourceKind {
        /** A regular file that must already exist; never created. */
        FILE,
        /** A Unix socket that must already exist (the Docker socket). */
        SOCKET,
        /** A folder of our own state: created when missing. */
        STATE_DIRECTORY,
        /**
         * A file or socket on the engine's host, not this machine: the Docker socket there, or a file the tool
         * put into one of the project's volumes. Never checked here.
         */
        ENGINE_PATH
    }

    @Override
    public String toString() {
        return source + ":" + target + (readOnly ? ":ro" : "");
    }
}
