package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.runnerops.orchestrator.errors.EngineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Named volumes, and files in and out of containers through the archive API: how state reaches an engine that is
 * not on this machine.
 */
final class VolumeVerbs {
    private final DockerClient client;
    private final EngineErrors errors;

    VolumeVerbs(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    String ensure(String name, Map<String, String> labels) {
        InspectVolumeResponse existing = errors.lookup("inspect volume", name,
                () -> client.inspectVolumeCmd(name).exec()).orElse(null);
        if (existing == null) {
            errors.call("create volume", name, () -> client.createVolumeCmd().withName(name).withDriver("local")
                    .withLabels(labels).exec());
            existing = errors.call("inspect volume", name, () -> client.inspectVolumeCmd(name).exec());
        }
        return existing.getMountpoint();
    }

    java.util.Optional<String> mountpoint(String name) {
        return errors.lookup("inspect volume", name, () -> client.inspectVolumeCmd(name).exec())
                .map(InspectVolumeResponse::getMountpoint);
    }

    List<String> list(Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        var response = errors.call("list volumes labelled", String.join(",", filter),
                () -> client.listVolumesCmd().withFilter("label", filter).exec());
        return response.getVolumes() == null ? List.of()
                : response.getVolumes().stream().map(v -> v.getName()).toList();
    }

    void remove(String name) {
        errors.lookup("remove volume", name, () -> {
            client.removeVolumeCmd(name).exec();
            return true;
        });
    }

    String accessContainer(String name, String image, Map<String, String> volumeTargets, Map<String, String> labels) {
        List<Mount> mounts = volumeTargets.entrySet().stream()
                .map(e -> new Mount().withType(MountType.VOLUME).withSource(e.getKey()).withTarget(e.getValue()))
                .toList();
        return errors.call("create a volume access container from", image, () -> client.createContainerCmd(image)
                .withName(name).withLabels(labels).withEntrypoint("true")
                .withHostConfig(HostConfig.newHostConfig().withMounts(mounts)).exec().getId());
    }

    void putArchive(String container, String directory, byte[] tar) {
        errors.call("copy files into container", container + ":" + directory, () ->
                client.copyArchiveToContainerCmd(container).withRemotePath(directory)
                        .withTarInputStream(new ByteArrayInputStream(tar)).exec());
    }

    byte[] readFile(String container, String path) {
        return errors.call("read " + path + " from container", container, () -> {
            try (InputStream raw = client.copyArchiveFromContainerCmd(container, path).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isFile()) {
                        return tar.readAllBytes();
                    }
                }
                throw new EngineException("read " + path + " from container", container, path + " in container "
                        + container + " is not a regular file.");
            } catch (IOException e) {
                throw new EngineException("read " + path + " from container", container, "Cannot read " + path
                        + " from container " + container + ": " + e.getMessage() + ".", e);
            }
        });
    }

    java.util.Optional<Long> fileSize(String container, String path) {
        return errors.lookup("look at " + path + " in container", container, () -> {
            try (InputStream raw = client.copyArchiveFromContainerCmd(container, path).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                TarArchiveEntry entry = tar.getNextEntry();
                return entry != null && entry.isFile() ? entry.getSize() : null;
            } catch (IOException e) {
                return null;
            }
        });
    }
}
