package dev.runnerops.orchestrator.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 sums of the static docker-credential-ecr-login binaries that amazon-ecr-credential-helper publishes
 * in its release bucket ({@code <version>/linux-<arch>/docker-credential-ecr-login}). With
 * {@code helper.source = "release"} a download is kept only when its sum equals {@code helper.sha256}, or the
 * sum listed here for that version and architecture.
 *
 * <p>Source: cashapp/hermit-packages {@code amazon-ecr-credential-helper.hcl} ({@code sha256sums}), commit
 * f0517fd7532fc6adfd910cfba3ef2b4c59f662db; the 0.11.0 sums arrived in its commit b1f0baec (2025-11-08), the
 * 0.12.0 sums in b0897bee (2026-02-28). Hermit records the sum of each file it fetched from the bucket above.
 * The 0.12.0 amd64 and arm64 sums, and the 0.10.1 amd64 sum, also appear, identical, in independent install
 * scripts. Upstream publishes each file's sum beside it as {@code <file>.sha256} (the asset lists of its
 * GitHub releases 0.10.0 to 0.12.0, as quoted in rancher-sandbox/rancher-desktop pull requests 8732, 8851,
 * 9429 and 9940), which is how a user checks a version missing here before setting {@code helper.sha256}.
 * Add a version only with a sum read in such a source, and cite it here.
 */
public final class KnownHelperReleases {
    private static final Map<String, Map<String, String>> SUMS = Map.of(
            "0.9.1", Map.of(
                    "linux-amd64", "c0054f2635b2f01b00f7bf6f88023ffe7fded15c533a85a493037607135eebac",
                    "linux-arm64", "a10012acfe5e28d7aed18f06bec4aa2a13fb3d9765898c36ef31136b24bd56e9"),
            "0.10.0", Map.of(
                    "linux-amd64", "90fd5506d242a26b0e116b0a1ee7e67aa469e653f641a19939fe27b53bc4d20f",
                    "linux-arm64", "6c4392e081a08bfd0dcfe8baf62f3dbb6fdf41a99d426bdddddfb32b10ea2a75"),
            "0.10.1", Map.of(
                    "linux-amd64", "ae5f2c0f1a2283f687e24a529f41d58f29c0a5bcfa0b60d1d3f8dc33b7eac4f2",
                    "linux-arm64", "d321a6c4044fda6a4c6c6054d8e5b56ae9c902b6e37f5cc3b0d89df9298b07ef"),
            "0.11.0", Map.of(
                    "linux-amd64", "d6b23f3b6dc2f6af875902844af3bbb0d6ac4980e4b3815640c9b2e2e34267ae",
                    "linux-arm64", "b1ba09040f102606b49f7f352eb3d8908ac38186b8fe5dec3ad17ed7d6f6b86d"),
            "0.12.0", Map.of(
                    "linux-amd64", "a22ab6d59dbac777b8fb31984709461da00a4c778b6ae14c8d3729e8d5ded1a6",
                    "linux-arm64", "5bdd30fb6c7a92462f5b454cce1aa906ca7926a6c2e39efad9613a7bf7661fac"));

    private KnownHelperReleases() {}

    /**
     * @param version without the leading v, like 0.11.0
     * @param platform {@code <os>-<arch>} as in the bucket, like linux-arm64
     */
    public static Optional<String> sha256(String version, String platform) {
        return Optional.ofNullable(SUMS.getOrDefault(version, Map.of()).get(platform));
    }

    public static boolean knows(String version) {
        return SUMS.containsKey(version);
    }

    /** The versions with sums, oldest first, for messages. */
    public static List<String> versions() {
        return SUMS.keySet().stream().sorted((a, b) -> compare(a, b)).map(v -> "v" + v).toList();
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
