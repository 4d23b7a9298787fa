package dev.runnerops.orchestrator.state;

import dev.runnerops.orchestrator.errors.OperationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes files and folders under the state folder and remembers each one it created, so that
 * {@code clean --remove-state} deletes exactly those and nothing a user or a job put there.
 */
public final class StateFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final StateLayout layout;

    public StateFiles(StateLayout layout) {
        this.layout = layout;
    }

    public StateLayout layout() {
        return layout;
    }

    /** Creates the folder (and parents) when missing; records every folder it made. */
    public synchronized void ensureDirectory(Path dir) {
        List<Path> made = new ArrayList<>();
        Path p = dir;
        while (p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            made.add(0, p);
            p = p.getParent();
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new OperationException("create folder", dir.toString(), dir + " exists but is not a folder. The "
                        + "tool keeps its state there; move that file away or choose another project.state_dir.");
            } catch (IOException e) {
                throw new OperationException("create folder", dir.toString(), "Cannot create the folder " + dir + ": "
                        + e.getMessage() + ". Check the permissions of project.state_dir.", e);
            }
        }
        for (Path m : made) {
            if (m.startsWith(layout.root())) {
                record(m);
            }
        }
    }

    /** Writes a file atomically (temp file + rename), recording it when it is new. */
    public synchronized void write(Path file, String content, boolean secret) {
        write(file, content.getBytes(StandardCharsets.UTF_8), secret);
    }

    /** Writes bytes atomically (temp file + rename), recording the file when it is new. */
    public synchronized void write(Path file, byte[] content, boolean secret) {
        ensureDirectory(file.getParent());
        boolean isNew = !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        try {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new OperationException("write file", file.toString(), "Cannot write " + file + ": " + e.getMessage()
                    + ". Check the permissions of project.state_dir.", e);
        }
        if (isNew) {
            record(file);
        }
    }

    /** Secrets folder, owner-only. */
    public synchronized void ensureSecretsDirectory() {
        Path dir = layout.secretsDir();
        ensureDirectory(dir);
        try {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        } catch (IOException | UnsupportedOperationException e) {
            throw new OperationException("restrict folder", dir.toString(), "Cannot restrict " + dir + " to its owner: "
                    + e.getMessage() + ".", e);
        }
    }

    /**
     * Records a file that something else produced on our behalf (config.toml written by the runner). Paths
     * outside the state folder (on an engine's host) are not this folder's to record.
     */
    public synchronized void record(Path path) {
        if (!path.startsWith(layout.root())) {
            return;
        }
        Path book = layout.createdFilesFile();
        Set<String> entries = new LinkedHashSet<>(readLines(book));
        String entry = layout.root().relativize(path).toString();
        if (entry.isEmpty() || entries.contains(entry)) {
            return;
        }
        try {
            Files.createDirectories(book.getParent());
            Files.writeString(book, entry + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new OperationException("write file", book.toString(), "Cannot write " + book + ": " + e.getMessage()
                    + ".", e);
        }
    }

    /** Everything this project created under the state folder, as absolute paths in creation order. */
    public List<Path> created() {
        List<Path> out = new ArrayList<>();
        for (String line : readLines(layout.createdFilesFile())) {
            if (!line.isBlank()) {
                out.add(layout.root().resolve(line).normalize());
            }
        }
        return out;
    }

    /**
     * Removes the state folder again when this tool made it only to lock it, and nothing else was put there: an
     * operation that failed its checks leaves no folder behind.
     */
    public synchronized void discardIfOnlyBookkeeping() {
        Path book = layout.bookkeepingDir();
        try (var rootEntries = Files.list(layout.root()); var bookEntries = Files.list(book)) {
            List<Path> inRoot = rootEntries.toList();
            Set<Path> allowed = Set.of(layout.lockFile(), layout.createdFilesFile());
            if (!inRoot.equals(List.of(book)) || !bookEntries.allMatch(allowed::contains)) {
                return;
            }
            for (Path p : List.of(layout.lockFile(), layout.createdFilesFile(), book, layout.root())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // something else appeared meanwhile, or it is already gone: leave it
        }
    }

    public synchronized void recordPulledImage(String image) {
        Set<String> images = new LinkedHashSet<>(pulledImages());
        if (images.add(image)) {
            writeBookkeeping(layout.pulledImagesFile(), images);
        }
    }

    public synchronized void forgetPulledImage(String image) {
        Set<String> images = new LinkedHashSet<>(pulledImages());
        if (images.remove(image)) {
            writeBookkeeping(layout.pulledImagesFile(), images);
        }
    }

    public List<String> pulledImages() {
        return readLines(layout.pulledImagesFile()).stream().filter(l -> !l.isBlank()).toList();
    }

    private void writeBookkeeping(Path file, Set<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationException("write file", file.toString(), "Cannot write " + file + ": " + e.getMessage()
                    + ".", e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new OperationException("read file", file.toString(), "Cannot read " + file + ": " + e.getMessage()
                    + ".", e);
        }
    }
}
