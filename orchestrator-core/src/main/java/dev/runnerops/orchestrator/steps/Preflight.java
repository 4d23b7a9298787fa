package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.ServerProfile;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.PortBinding;
import dev.runnerops.orchestrator.plan.ServerProfiles;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks made before anything is created, so that bad input fails with a clear message and leaves nothing
 * half-made: settings that only make sense together, bind-mount sources, published ports, memory.
 */
public final class Preflight {
    private Preflight() {}

    /**
     * Every bind source of the plan: files must be files, sockets must exist, state folders must not be
     * files. A missing source is an error naming its setting, never an empty directory made by Docker.
     *
     * @param skip a source produced later in the run (the helper binary being built); not checked here
     */
    public static void checkBindSources(OrchestratorConfig config, StackPlan plan, Path skip) {
        if (plan.mounts().onEngine()) {
            checkUploads(config, plan, skip);
            return;
        }
        for (ContainerSpec c : plan.containers()) {
            for (BindMount m : c.mounts()) {
                if (!m.source().equals(skip)) {
                    checkSource(config, m);
                }
            }
        }
    }

    /**
     * With the state on the engine, the bind sources are paths of the engine's host that the tool fills; what
     * must exist here are the files it copies there: the credentials file and a local helper.
     */
    private static void checkUploads(OrchestratorConfig config, StackPlan plan, Path skip) {
        config.aws().credentialsFile().ifPresent(file -> checkSource(config, new BindMount(file,
                StackPlanner.CREDENTIALS_TARGET, true, BindMount.SourceKind.FILE, "aws.credentials_file")));
        if (!plan.helperBinary().equals(skip)) {
            checkSource(config, new BindMount(plan.helperBinary(), StackPlanner.HELPER_TARGET, true,
                    BindMount.SourceKind.FILE, plan.helper().setting()));
        }
    }

    static void checkSource(OrchestratorConfig config, BindMount m) {
        Path p = m.source();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            attrs = null;
        }
        String prefix = config.source() + ": " + m.setting() + " -> " + p + " (mounted at " + m.target() + ")";
        switch (m.kind()) {
            case FILE -> {
                if (attrs == null) {
                    throw new ConfigurationException(m.setting(), p.toString(), prefix + " does not exist. " + fileFix(m.setting()));
                }
                if (attrs.isDirectory()) {
                    throw new ConfigurationException(m.setting(), p.toString(), prefix + " is a folder, but must be a file. Docker creates "
                            + "an empty folder when a bind source is missing, so an old setup may have left it: if it is "
                            + "empty, remove it, then point " + m.setting() + " at the real file. " + fileFix(m.setting()));
                }
                if (!Files.isReadable(p)) {
                    throw new ConfigurationException(m.setting(), p.toString(), prefix + " is not readable by this user. Fix its "
                            + "permissions or run as a user who can read it.");
                }
            }
            case SOCKET -> {
                if (attrs == null || attrs.isDirectory()) {
                    throw new ConfigurationException(m.setting(), p.toString(), "The Docker socket " + p + " (from DOCKER_HOST) is not a socket "
                            + "on this machine, but the runner needs it mounted to start job containers. Run the tool on "
                            + "the Docker host, or set DOCKER_HOST to unix:///var/run/docker.sock.");
                }
            }
            case STATE_DIRECTORY -> {
                if (attrs != null && !attrs.isDirectory()) {
                    throw new ConfigurationException(m.setting(), p.toString(), prefix + " is a file, but the tool keeps a folder there. "
                            + "Move the file away or choose another project.state_dir.");
                }
            }
            case ENGINE_PATH -> {
                // on the engine's host: nothing to check here
            }
        }
    }

    private static String fileFix(String setting) {
        return switch (setting) {
            case "aws.credentials_file" -> "Create it with an [default] profile (aws_access_key_id, "
                    + "aws_secret_access_key), fix the path, or set aws.credentials_file = \"\" when an EC2 instance "
                    + "role provides credentials.";
            case "helper.local_path" -> "Install it (Debian: apt-get install amazon-ecr-credential-helper), fix the "
                    + "path, or set helper.source = \"build\".";
            default -> "Fix the path in " + setting + ".";
        };
    }

    /**
     * Published ports must be free before the server container is created: taken by another container or
     * process, Docker would fail half-way, after the network and the runner exist. A port the project's own
     * container publishes now is not taken: that container is the one being replaced.
     */
    public static void checkPortsFree(Context ctx, ContainerSpec spec) {
        List<ContainerInfo> publishing = ctx.engine().runningContainersWithPorts();
        for (PortBinding p : spec.ports()) {
            boolean heldByUs = false;
            for (ContainerInfo other : publishing) {
                if (other.ports().stream().noneMatch(pp -> pp.collidesWith(p.hostAddress(), p.hostPort()))) {
                    continue;
                }
                if (!ctx.project().equals(other.label(Labels.PROJECT))) {
                    throw new OperationException("publish port", p.hostAddress() + ":" + p.hostPort(),
                            ctx.config().source() + ": " + p.setting() + " = " + p.hostPort() + ": port " + p.hostPort()
                            + " is already published by the container " + other.name() + ". Stop that container or "
                            + "choose another " + p.setting() + ".");
                }
                heldByUs = true;
            }
            if (!heldByUs && ctx.engine().localSocket().isPresent() && !canBind(p)) {
                throw new OperationException("publish port", p.hostAddress() + ":" + p.hostPort(),
                        ctx.config().source() + ": " + p.setting() + " = " + p.hostPort() + ": " + p.hostAddress() + ":"
                        + p.hostPort() + " is already in use by another process on this machine. Free the port or "
                        + "choose another " + p.setting() + ".");
            }
        }
    }

    private static boolean canBind(PortBinding p) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(p.hostAddress()), p.hostPort()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Less memory than GitLab documents for the profile works badly: a warning with the figures, not an
     * error. The kernel keeps part of the RAM for itself (a 2 GB machine reports about 1.9 GiB), hence the
     * 10 % allowance.
     */
    public static void warnOnLowMemory(Context ctx) {
        memoryWarning(ctx.engine().info().memTotalBytes(), ctx.config().server().profile()).ifPresent(ctx.steps()::warn);
    }

    static Optional<String> memoryWarning(long totalBytes, ServerProfile profile) {
        long minimum = (long) (ServerProfiles.minimumMemoryGb(profile) * (double) (1L << 30) * 0.9);
        if (totalBytes <= 0 || totalBytes >= minimum) {
            return Optional.empty();
        }
        String advice = profile == ServerProfile.STANDARD ? " Set server.profile = \"small\" (GitLab's "
                + "memory-constrained settings, 2 GB), or give the engine more memory." : " Give the engine more "
                + "memory, or add swap.";
        return Optional.of(String.format(Locale.ROOT, "The Docker engine has %.1f GiB of memory; GitLab with "
                + "server.profile = \"%s\" needs %s. It may boot very slowly or be killed.%s",
                totalBytes / (double) (1L << 30), profile.id(), ServerProfiles.documentedMemory(profile), advice));
    }

}
