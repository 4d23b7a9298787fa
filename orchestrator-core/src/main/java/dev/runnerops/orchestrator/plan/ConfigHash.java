package dev.runnerops.orchestrator.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over everything in a {@link ContainerSpec} that shapes the container, in a canonical order (as
 * Compose does with its config-hash label). The hash label itself is left out.
 */
public final class ConfigHash {
    private ConfigHash() {}

    public static String of(ContainerSpec spec) {
        Map<String, String> labels = new TreeMap<>(spec.labels());
        labels.remove(Labels.CONFIG_HASH);
        StringBuilder canonical = new StringBuilder()
                .append("name=").append(spec.name()).append('\n')
                .append("image=").append(spec.image()).append('\n')
                .append("hostname=").append(spec.hostname()).append('\n')
                .append("network=").append(spec.network()).append('\n')
                .append("aliases=").append(spec.networkAliases()).append('\n')
                .append("env=").append(new TreeMap<>(spec.env())).append('\n')
                .append("mounts=").append(spec.mounts()).append('\n')
                .append("ports=").append(spec.ports()).append('\n')
                .append("restart=").append(spec.restartPolicy()).append('\n')
                .append("shm=").append(spec.shmSizeBytes()).append('\n')
                .append("privileged=").append(spec.privileged()).append('\n')
                .append("labels=").append(labels).append('\n');
        return sha256(canonical.toString());
    }

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
