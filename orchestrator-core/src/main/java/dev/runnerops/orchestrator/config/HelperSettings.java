package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code [helper]}: which source, a version tag, a release URL template that can only reach the
 * release over HTTPS (plain HTTP only on loopback, for tests and local mirrors), and a sum to check it with.
 */
final class HelperSettings {
    private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final List<String> PLACEHOLDERS = List.of("version", "os", "arch");

    private final SettingValues values;

    HelperSettings(SettingValues values) {
        this.values = values;
    }

    OrchestratorConfig.Helper build(String builderImage) {
        HelperSource source = source();
        Optional<Path> localPath = values.path("helper.local_path");
        if (source == HelperSource.LOCAL && localPath.isEmpty()) {
            throw values.fail("helper.local_path", "", "is empty but helper.source = \"local\". Set it to an existing "
                    + "docker-credential-ecr-login binary (Debian: /usr/bin/docker-credential-ecr-login), or set "
                    + "helper.source = \"release\"");
        }
        String version = values.string("helper.version");
        if (!VERSION.matcher(version).matches()) {
            throw values.fail("helper.version", version, "= \"" + version + "\" is not valid; use a release tag "
                    + "such as v0.11.0");
        }
        String url = releaseUrl();
        Optional<String> sha256 = sha256(source);
        String bare = version.substring(1);
        if (source == HelperSource.RELEASE && sha256.isEmpty() && !KnownHelperReleases.knows(bare)) {
            throw values.fail("helper.sha256", "", "is empty and helper.version = \"" + version + "\" is not among "
                    + "the releases whose SHA-256 this tool knows (" + String.join(", ", KnownHelperReleases.versions())
                    + "), so a download could not be verified. Set helper.sha256 to the SHA-256 of the file for "
                    + "your engine's architecture (published beside it, as " + expand(url, bare, "linux", "amd64")
                    + ".sha256 for amd64), choose a listed version, or set helper.source = \"build\"");
        }
        return new OrchestratorConfig.Helper(source, version, url, sha256, builderImage, localPath.orElse(null));
    }

    /** The template with its placeholders filled in. */
    static String expand(String template, String bareVersion, String os, String arch) {
        return template.replace("{version}", bareVersion).replace("{os}", os).replace("{arch}", arch);
    }

    private HelperSource source() {
        String v = values.string("helper.source").toLowerCase(Locale.ROOT);
        for (HelperSource s : HelperSource.values()) {
            if (s.id().equals(v)) {
                return s;
            }
        }
        throw values.fail("helper.source", v, "= \"" + v + "\" is not allowed; use one of \"release\" (download "
                + "the published static binary), \"build\" (compile it in Docker) or \"local\" (an existing binary)");
    }

    private String releaseUrl() {
        String url = values.string("helper.release_url");
        Matcher m = PLACEHOLDER.matcher(url);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw values.fail("helper.release_url", url, "has the unknown placeholder {" + m.group(1) + "}; the "
                        + "placeholders are {version} (like 0.11.0), {os} (linux) and {arch} (amd64 or arm64)");
            }
        }
        if (!url.contains("{version}") || !url.contains("{arch}")) {
            throw values.fail("helper.release_url", url, "must contain {version} and {arch}, so that each version "
                    + "and architecture gets its own file; like " + Settings.DEFAULT_RELEASE_URL);
        }
        URI uri;
        try {
            uri = new URI(expand(url, "0.0.0", "linux", "amd64"));
        } catch (URISyntaxException e) {
            throw values.fail("helper.release_url", url, "is not a URL (" + e.getReason() + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw values.fail("helper.release_url", "", "contains a user name or password; the download sends "
                    + "none. Use a URL that needs no credentials");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw values.fail("helper.release_url", url, "is not an http(s) URL; write it like "
                    + Settings.DEFAULT_RELEASE_URL);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw values.fail("helper.release_url", url, "uses plain http to " + uri.getHost() + ". Releases are "
                    + "downloaded over https; plain http is accepted only on this machine's loopback (localhost, "
                    + "127.0.0.1, [::1]). Use an https URL");
        }
        return url;
    }

    private Optional<String> sha256(HelperSource source) {
        String sum = values.string("helper.sha256");
        if (sum.isEmpty()) {
            return Optional.empty();
        }
        if (!SHA256.matcher(sum).matches()) {
            throw values.fail("helper.sha256", sum, "= \"" + sum + "\" is not a SHA-256; write the 64 hexadecimal "
                    + "digits, as in the release's .sha256 file");
        }
        if (source != HelperSource.RELEASE) {
            throw values.fail("helper.sha256", sum, "is set but helper.source = \"" + source.id() + "\": the sum "
                    + "checks a downloaded release only. Remove helper.sha256, or set helper.source = \"release\"");
        }
        return Optional.of(sum.toLowerCase(Locale.ROOT));
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
