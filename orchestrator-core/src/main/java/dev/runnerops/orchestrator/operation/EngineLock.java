package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.Tar;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.errors.ProjectBusyException;
import dev.runnerops.orchestrator.plan.Labels;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One operation per project on an engine that is not on this machine, whichever machine runs it. The file lock in
 * the state folder only sees this machine; two workstations that provision one remote host would both pass it.
 * The claim is a never-started container named {@code <project>-lock} (the engine gives a name to one container
 * only), labelled with its holder, made from a tiny image without layers that the engine builds from
 * {@code FROM scratch}. A claim left by a killed run of this machine is taken over when its process is gone; one
 * left by another machine is named in the error, with the command that removes it.
 */
public final class EngineLock implements AutoCloseable {
    /** On the claim: the project it locks. Not {@link Labels#PROJECT}, so down and clean never take it for theirs. */
    public static final String LOCK_OF = Labels.PREFIX + "lock-of";
    public static final String IMAGE = "runner-orchestrator-lock:1";
    public static final String MACHINE = Labels.PREFIX + "lock-machine";
    public static final String PID = Labels.PREFIX + "lock-pid";
    public static final String HOLDER = Labels.PREFIX + "lock-holder";
    private static final Duration POLL = Duration.ofMillis(500);

    private final DockerEngine engine;
    private final String claimId;

    private EngineLock(DockerEngine engine, String claimId) {
        this.engine = engine;
        this.claimId = claimId;
    }

    public static String claimName(String project) {
        return project + "-lock";
    }

    /**
     * Waits up to {@code timeout} for the project's claim on the engine.
     *
     * @param command what this operation is, for others who wait ("up --complete")
     * @param onWait  told once, with the holder, when the claim is someone else's
     */
    public static EngineLock acquire(DockerEngine engine, String project, String command, Duration timeout,
                                     Consumer<String> onWait) {
        ensureImage(engine);
        String name = claimName(project);
        String machine = thisMachine();
        long pid = ProcessHandle.current().pid();
        Map<String, String> labels = Map.of(LOCK_OF, project, MACHINE, machine, PID, String.valueOf(pid),
                HOLDER, "pid " + pid + " on " + machine + ", `" + command + "`, since "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        while (true) {
            Optional<String> claimed = engine.claimName(name, IMAGE, labels);
            if (claimed.isPresent()) {
                return new EngineLock(engine, claimed.get());
            }
            Optional<ContainerInfo> holder = engine.container(name);
            if (holder.isEmpty()) {
                sleep(); // released between our two calls, or on its way out
                if (System.nanoTime() > deadline) {
                    throw new ProjectBusyException(name, "The engine at " + engine.host() + " refused the name "
                            + name + " for " + timeout.toSeconds() + " s but shows no container of that name. "
                            + "Try again; if it persists, restart the engine.");
                }
                continue;
            }
            ContainerInfo h = holder.get();
            if (leftByDeadRunHere(h, machine)) {
                engine.removeContainer(h.id()); // by id: a claim made meanwhile by another run stays
                onWait.accept("Took over the lock on the engine left by a run that is gone (" + describe(h) + ").");
                continue;
            }
            if (!told) {
                onWait.accept("Another operation on this project holds its lock on the engine at " + engine.host()
                        + " (" + describe(h) + "); waiting up to " + timeout.toSeconds() + " s for it to finish.");
                told = true;
            }
            if (System.nanoTime() > deadline) {
                throw new ProjectBusyException(name, "Another operation on this project (" + describe(h) + ") still "
                        + "holds its lock on the engine at " + engine.host() + " after " + timeout.toSeconds()
                        + " s. Wait for it to finish, or raise project.lock_timeout. If that run is gone (its "
                        + "machine stopped or lost the engine), remove its claim: `docker --host " + engine.host()
                        + " rm " + name + "` (with your TLS options, or --context).");
            }
            sleep();
        }
    }

    private static boolean leftByDeadRunHere(ContainerInfo holder, String machine) {
        if (!machine.equals(holder.label(MACHINE))) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(holder.label(PID))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(ContainerInfo holder) {
        String h = holder.label(HOLDER);
        return h.isEmpty() ? "holder unknown, container " + holder.name() : h;
    }

    /** The image of claims: no layers, so nothing is pulled; built once per engine in a fraction of a second. */
    private static void ensureImage(DockerEngine engine) {
        if (engine.imageId(IMAGE).isEmpty()) {
            byte[] context = Tar.of("Dockerfile", ("FROM scratch\nLABEL " + LOCK_OF + "=image\n")
                    .getBytes(StandardCharsets.UTF_8), 0644);
            engine.buildImage(context, IMAGE, Map.of(LOCK_OF, "image"), line -> { });
        }
    }

    /**
     * The host name, with /etc/machine-id where there is one (host names repeat across containers and clones). The
     * machine id is confidential (machine-id(5)), so only a hash of it goes into the label, as systemd's
     * application-specific ids do.
     */
    public static String thisMachine() {
        try {
            String id = Files.readString(Path.of("/etc/machine-id")).strip();
            String host = InetAddress.getLocalHost().getHostName();
            if (id.isEmpty()) {
                return host;
            }
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("runner-orchestrator:" + id).getBytes(StandardCharsets.UTF_8));
            return host + "/" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException unknown) {
                return "unknown-machine";
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException("lock project", "", "Interrupted while waiting for the project's lock.", e);
        }
    }

    @Override
    public void close() {
        engine.removeContainer(claimId);
    }
}
