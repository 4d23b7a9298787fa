package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.plan.StateMounts;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the files that containers mount are kept, and how the tool reads and writes them: this machine's
 * state folder ({@link HostStateSite}), or the project's volumes on the engine, reached through its API
 * ({@link EngineStateSite}). Every path is one of {@link #mounts()}' layout.
 */
public interface StateSite extends AutoCloseable {

    /** The bind sources, for the plan. */
    StateMounts mounts();

    /** Makes the volumes (engine) or nothing (host): before the first write of {@code up}. */
    void prepare(boolean withGitLab);

    void ensureDirectory(Path dir);

    /** Writes a file, creating its folders; on this machine atomically (temporary file, then rename). */
    void write(Path file, byte[] content, int mode);

    /** The file's bytes, or empty when it does not exist. */
    Optional<byte[]> read(Path file);

    /** The file's size, or empty when it does not exist: cheap, whatever its size. */
    Optional<Long> size(Path file);

    /** Whether the files live on the engine (not on this machine), so that other machines may act on them too. */
    default boolean onEngine() {
        return false;
    }

    /** For {@code status}: "folder /srv/state", or "volumes p-state, p-gitlab on tcp://host:2376". */
    String describe();

    /** Releases what reading and writing needed (the engine side's access container). */
    @Override
    void close();
}
