package dev.runnerops.orchestrator.plan;

import java.nio.file.Path;

/**
 * A host path bind-mounted into a container.
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
        STATE_DIRECTORY
    }

    @Override
    public String toString() {
        return source + ":" + target + (readOnly ? ":ro" : "");
    }
}
