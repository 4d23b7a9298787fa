package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.KnownHelperReleases;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.state.StateLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The docker-credential-ecr-login binary the runner and jobs mount: where it comes from and where it is kept.
 * A downloaded or built binary is cached in the state folder under a name that carries everything that makes
 * it what it is (source, version, platform, and for a release its SHA-256), so that a binary for another
 * architecture, version or sum is never reused.
 *
 * @param platform the engine's platform; empty for a local binary (it is the user's to choose)
 * @param url      the release's download URL (release only)
 * @param sha256   the sum the download must have (release only)
 * @param binary   the file mounted into the runner and the jobs
 */
public record HelperPlan(HelperSource source, String version, Optional<HelperPlatform> platform,
                         Optional<String> url, Optional<String> sha256, Path binary) {

    /** @param platform the engine's; not looked at (may be null) for a local binary */
    public static HelperPlan of(OrchestratorConfig config, HelperPlatform platform) {
        OrchestratorConfig.Helper helper = config.helper();
        if (helper.source() == HelperSource.LOCAL) {
            return new HelperPlan(HelperSource.LOCAL, helper.version(), Optional.empty(), Optional.empty(),
                    Optional.empty(), helper.localPath());
        }
        StateLayout state = new StateLayout(config.project().stateDir());
        String name = helper.source().id() + "-" + helper.version() + "-" + platform.id();
        if (helper.source() == HelperSource.BUILD) {
            return new HelperPlan(HelperSource.BUILD, helper.version(), Optional.of(platform), Optional.empty(),
                    Optional.empty(), state.helperBinary(name));
        }
        String sha256 = helper.sha256().or(() -> KnownHelperReleases.sha256(helper.bareVersion(), platform.id()))
                .orElseThrow(() -> new ConfigurationException("helper.sha256", "", config.source() + ": helper.sha256 "
                        + "is empty and this tool knows no SHA-256 of " + helper.version() + " for " + platform.id()
                        + " (the engine's platform), so the download could not be verified. Set helper.sha256 to "
                        + "the sum of " + url(helper, platform) + " (published beside it as .sha256), or set "
                        + "helper.source = \"build\"."));
        return new HelperPlan(HelperSource.RELEASE, helper.version(), Optional.of(platform),
                Optional.of(url(helper, platform)), Optional.of(sha256), state.helperBinary(name + "-" + sha256));
    }

    /** {@code helper.release_url} with the version (without the v), the engine's OS and architecture. */
    static String url(OrchestratorConfig.Helper helper, HelperPlatform platform) {
        return helper.releaseUrl().replace("{version}", helper.bareVersion()).replace("{os}", platform.os())
                .replace("{arch}", platform.arch());
    }

    /** The setting to name when the binary is missing or wrong. */
    public String setting() {
        return switch (source) {
            case LOCAL -> "helper.local_path";
            case BUILD -> "helper.version";
            case RELEASE -> "helper.release_url";
        };
    }
}
