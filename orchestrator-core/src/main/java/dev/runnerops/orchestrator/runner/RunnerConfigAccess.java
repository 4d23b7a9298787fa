package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.StateSite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * config.toml where the runner keeps it. Through the running runner container when there is one and the file is
 * not at hand here (it lives on the engine, or the runner wrote it 0600 as root); else directly: in this machine's
 * state folder, or in the engine's state volume. Writes are atomic: a temporary file beside it, renamed over it;
 * the runner notices the change and re-reads it by itself.
 */
public final class RunnerConfigAccess {
    private static final String TEMPORARY_NAME = ".config.toml.orchestrator";

    private final DockerEngine engine;
    private final StateSite site;
    private final Path hostFile;

    public RunnerConfigAccess(Context ctx) {
        this.engine = ctx.engine();
        this.site = ctx.site();
        this.hostFile = ctx.mounted().runnerConfigToml();
    }

    /** The file's path on the engine's host (this machine's, unless the state lives on the engine). */
    public Path hostFile() {
        return hostFile;
    }

    private boolean here() {
        return !site.mounts().onEngine();
    }

    /** The file's text, or empty when the runner has not written it yet. */
    public Optional<String> read(String runnerContainer) {
        if (here()) {
            if (!Files.exists(hostFile)) {
                return Optional.empty();
            }
            if (Files.isReadable(hostFile)) {
                try {
                    return Optional.of(Files.readString(hostFile, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new OperationException("read file", hostFile.toString(), "Cannot read " + hostFile + ": "
                            + e.getMessage() + ".", e);
                }
            }
            requireContainer(runnerContainer, "read");
        }
        if (runnerContainer == null) {
            return site.read(hostFile).map(b -> new String(b, StandardCharsets.UTF_8));
        }
        try {
            return Optional.of(new String(engine.readFile(runnerContainer, RunnerConfigSpec.CONFIG_FILE),
                    StandardCharsets.UTF_8));
        } catch (EngineException e) {
            if (!here()) {
                return Optional.empty(); // not written yet
            }
            throw new OperationException("read file", hostFile.toString(), "Cannot read " + hostFile + " (permission "
                    + "denied) nor through the runner container: " + e.getMessage(), e);
        }
    }

    public RunnerConfigDocument parse(String runnerContainer) {
        return read(runnerContainer).map(t -> RunnerConfigDocument.parse(t, hostFile.toString()))
                .orElse(RunnerConfigDocument.empty());
    }

    /** Replaces the file atomically, mode 0600. */
    public void write(String runnerContainer, String text) {
        if (here() && Files.isWritable(hostFile.getParent()) && (!Files.exists(hostFile) || Files.isWritable(hostFile))) {
            writeHere(text);
            return;
        }
        if (runnerContainer == null) {
            if (here()) {
                requireContainer(null, "write");
            }
            site.write(hostFile, text.getBytes(StandardCharsets.UTF_8), 0600); // no runner reads it meanwhile
            return;
        }
        String dir = RunnerConfigSpec.CONFIG_FILE.substring(0, RunnerConfigSpec.CONFIG_FILE.lastIndexOf('/'));
        engine.writeFile(runnerContainer, dir, TEMPORARY_NAME, text.getBytes(StandardCharsets.UTF_8), 0600);
        var moved = engine.exec(runnerContainer, List.of("mv", "-f", dir + "/" + TEMPORARY_NAME,
                RunnerConfigSpec.CONFIG_FILE), Map.of(), Duration.ofSeconds(30));
        if (!moved.succeeded()) {
            throw new OperationException("write file", hostFile.toString(), "Cannot replace config.toml in "
                    + runnerContainer + ": " + String.join(" / ", moved.lastLines(2)) + ".");
        }
    }

    /** Puts back the exact bytes of a snapshot; deletes the file if there was none. */
    public void restore(String runnerContainer, Optional<String> snapshot) {
        if (snapshot.isPresent()) {
            write(runnerContainer, snapshot.get());
            return;
        }
        if (!here()) {
            if (runnerContainer != null) {
                engine.exec(runnerContainer, List.of("rm", "-f", RunnerConfigSpec.CONFIG_FILE), Map.of(),
                        Duration.ofSeconds(30));
            }
            return;
        }
        try {
            Files.deleteIfExists(hostFile);
        } catch (IOException e) {
            throw new OperationException("restore file", hostFile.toString(), "Cannot restore " + hostFile + " after a "
                    + "failed registration: " + e.getMessage() + ".", e);
        }
    }

    private void writeHere(String text) {
        Path tmp = hostFile.resolveSibling(TEMPORARY_NAME);
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, hostFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, hostFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new OperationException("write file", hostFile.toString(), "Cannot write " + hostFile + ": "
                    + e.getMessage() + ". Check the permissions of project.state_dir.", e);
        }
    }

    private void requireContainer(String runnerContainer, String verb) {
        if (runnerContainer == null) {
            throw new OperationException(verb + " file", hostFile.toString(), "Cannot " + verb + " " + hostFile
                    + ": permission denied. Run as the user that owns the state folder, or start the runner (`up`) so "
                    + "the file can be reached through Docker.");
        }
    }
}
