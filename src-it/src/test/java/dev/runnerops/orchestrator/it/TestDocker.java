package dev.runnerops.orchestrator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.async.ResultCallback;
import dev.runnerops.orchestrator.plan.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * The tests' own view of the engine, through Testcontainers' client: assertions never go through the code
 * under test. Also removes what earlier, killed runs left behind (by label or name, never anything else).
 */
final class TestDocker {
    /**
     * Every project name of the tests starts with this; IT_PROJECT_PREFIX changes it, so that test runs of
     * several checkouts on one engine sweep only their own leftovers.
     */
    static final String PROJECT_PREFIX = StandIns.envOr("IT_PROJECT_PREFIX", "orchestrator-it-");
    /** On containers and networks the tests create themselves (stand-in GitLab, registry); value: the prefix. */
    static final String TEST_LABEL = "dev.runnerops.it";
    private static boolean swept;

    private TestDocker() {}

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    static InspectContainerResponse inspect(String container) {
        return client().inspectContainerCmd(container).exec();
    }

    static List<Container> projectContainers(String project) {
        return client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.PROJECT, project)).exec();
    }

    static List<Network> projectNetworks(String project) {
        return client().listNetworksCmd().withFilter("label", List.of(Labels.PROJECT + "=" + project)).exec();
    }

    static boolean imageExists(String reference) {
        return !client().listImagesCmd().withReferenceFilter(reference).exec().isEmpty();
    }

    /** Runs a command in a container and returns exit code and combined output. */
    static ExecOutput exec(String container, String... cmd) throws InterruptedException {
        return exec(client(), container, cmd);
    }

    /** As {@link #exec(String, String...)}, on the engine of {@code client} (the second engine, say). */
    static ExecOutput exec(DockerClient client, String container, String... cmd) throws InterruptedException {
        ExecCreateCmdResponse created = client.execCreateCmd(container).withCmd(cmd)
                .withAttachStdout(true).withAttachStderr(true).exec();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.execStartCmd(created.getId()).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.writeBytes(frame.getPayload());
                }
            }
        }).awaitCompletion(60, TimeUnit.SECONDS);
        Long code = client.inspectExecCmd(created.getId()).exec().getExitCodeLong();
        synchronized (out) {
            return new ExecOutput(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8));
        }
    }

    record ExecOutput(int exitCode, String output) {}

    /** Everything a container wrote, both streams, in order. */
    static String logs(String container) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client().logContainerCmd(container).withStdOut(true).withStdErr(true).withTailAll()
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (out) {
                            out.writeBytes(frame.getPayload());
                        }
                    }
                }).awaitCompletion(60, TimeUnit.SECONDS);
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Removes the tags and digest references containing {@code marker} (those the tests gave stand-in images
     * in their local registries): by name only, since the same image also carries its stand-in tag.
     */
    static void untagReferences(Image image, String marker) {
        Stream.concat(
                        Arrays.stream(image.getRepoTags() == null ? new String[0] : image.getRepoTags()),
                        Arrays.stream(image.getRepoDigests() == null ? new String[0] : image.getRepoDigests()))
                .filter(reference -> reference.contains(marker))
                .forEach(reference -> {
                    try {
                        client().removeImageCmd(reference).withForce(false).exec();
                    } catch (RuntimeException ignored) {
                        // went with another reference of the same image
                    }
                });
    }

    /** The temporary project folders (TestProject) of a killed run. */
    private static void deleteLeftoverFolders() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PROJECT_PREFIX)).toList()) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Once per JVM: remove what a killed earlier run left (test-project containers, networks, images, folders). */
    static synchronized void sweepLeftovers() {
        if (swept) {
            return;
        }
        swept = true;
        deleteLeftoverFolders();
        DockerClient c = client();
        for (Container container : c.listContainersCmd().withShowAll(true).exec()) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            if (labels.getOrDefault(Labels.PROJECT, "").startsWith(PROJECT_PREFIX)
                    || labels.getOrDefault(Labels.HELPER_BUILD, "").startsWith(PROJECT_PREFIX)
                    || PROJECT_PREFIX.equals(labels.get(TEST_LABEL))) {
                c.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
        }
        for (Network n : c.listNetworksCmd().exec()) {
            Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
            if (labels.getOrDefault(Labels.PROJECT, "").startsWith(PROJECT_PREFIX)
                    || PROJECT_PREFIX.equals(labels.get(TEST_LABEL))) {
                c.removeNetworkCmd(n.getId()).exec();
            }
        }
        for (Image image : c.listImagesCmd().withShowAll(true).exec()) {
            Map<String, String> labels = image.getLabels() == null ? Map.of() : image.getLabels();
            if (labels.getOrDefault(Labels.HELPER_BUILD, "").startsWith(PROJECT_PREFIX)) {
                try {
                    c.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // a parent already removed with its child
                }
            }
            untagReferences(image, "/" + PROJECT_PREFIX);
        }
    }
}
