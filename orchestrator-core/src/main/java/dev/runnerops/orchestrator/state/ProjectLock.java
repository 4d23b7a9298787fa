package dev.runnerops.orchestrator.state;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.errors.ProjectBusyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * One operation per project at a time: an exclusive lock on a file in the state folder, held for the whole
 * operation. The operating system releases it when the holder exits, however it exits, so a lock left by a
 * killed run is simply taken over. The file names the holder (pid, start, command) for whoever waits.
 */
public final class ProjectLock implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits up to {@code timeout} for the lock.
     *
     * @param command what this operation is, for others who wait ("up --complete")
     * @param onWait  told once, with the holder's description, when the lock is taken
     */
    public static ProjectLock acquire(Path file, String command, Duration timeout, Consumer<String> onWait) {
        FileChannel channel = open(file);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        try {
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    describeHolder(channel, command);
                    return new ProjectLock(channel, lock);
                }
                String holder = holder(file);
                if (!told) {
                    onWait.accept("Another operation on this project is running (" + holder + "); waiting up to "
                            + timeout.toSeconds() + " s for it to finish.");
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new ProjectBusyException(file.toString(), "Another operation on this project (" + holder
                            + ") still holds its lock " + file + " after " + timeout.toSeconds() + " s. Wait for it to "
                            + "finish, or raise project.lock_timeout.");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            throw new OperationException("lock project", file.toString(), "Interrupted while waiting for " + file + ".",
                    e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The holder as the lock file describes it; "unknown holder" while it is being written. */
    static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "unknown holder" : text;
        } catch (IOException e) {
            return "unknown holder";
        }
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new OperationException("lock project", file.toString(), "Cannot open the project lock " + file + ": "
                    + e.getMessage() + ". Check the permissions of project.state_dir.", e);
        }
    }

    /** Null when another process, or another operation of this JVM, holds it. */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            throw new OperationException("lock project", "", "Cannot lock the project: " + e.getMessage() + ".", e);
        }
    }

    private static void describeHolder(FileChannel channel, String command) {
        String text = "pid " + ProcessHandle.current().pid() + ", `" + command + "`, since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException ignored) {
            // the description only helps those who wait; the lock itself is held
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // the next holder overwrites it
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
