package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.StateMounts;
import dev.runnerops.orchestrator.state.StateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** The state folder of this machine, bind-mounted into containers: the engine runs here. */
public final class HostStateSite implements StateSite {
    private final StateMounts mounts;
    private final StateFiles files;

    public HostStateSite(StateMounts mounts, StateFiles files) {
        this.mounts = mounts;
        this.files = files;
    }

    @Override
    public StateMounts mounts() {
        return mounts;
    }

    @Override
    public void prepare(boolean withGitLab) {
        // folders are made as they are needed
    }

    @Override
    public void ensureDirectory(Path dir) {
        files.ensureDirectory(dir);
    }

    @Override
    public void write(Path file, byte[] content, int mode) {
        files.write(file, content, (mode & 0077) == 0);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions(mode)));
        } catch (IOException e) {
            throw new OperationException("write file", file.toString(), "Cannot set the mode of " + file + ": "
                    + e.getMessage() + ".", e);
        }
    }

    @Override
    public Optional<byte[]> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> size(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.size(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "folder " + mounts.layout().root() + " on this machine, bind-mounted";
    }

    @Override
    public void close() {
        // nothing held
    }

    static String permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return s.toString();
    }
}
