package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.config.OrchestratorConfig.ServerProfile;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every rule a configuration must satisfy, in one place: the format of each setting, and the settings that
 * only make sense together. Builds the {@link OrchestratorConfig} records from {@link SettingValues}.
 */
public final class ConfigValidator {
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");
    private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*(?<![:/@])");
    private static final Pattern HOSTNAME = Pattern.compile(
            "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ECR_HOST = Pattern.compile("[0-9]{12}\\.dkr[.-]ecr[.-][a-z0-9.-]+|public\\.ecr\\.aws");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern VOLUME = Pattern.compile("[^:]+:/[^:]*(:(ro|rw)(,[a-z]+)*|:[a-z,]+)?");
    private static final List<String> RESTART_POLICIES = List.of("no", "always", "unless-stopped", "on-failure");
    /** Server environment variables that would silently override what the tool sets up. */
    private static final Map<String, String> RESERVED_SERVER_ENV = Map.of(
            "GITLAB_ROOT_PASSWORD", "server.root_password",
            "GITLAB_OMNIBUS_CONFIG", "server.extra_omnibus_config");

    private final SettingValues values;

    ConfigValidator(SettingValues values) {
        this.values = values;
    }

    OrchestratorConfig build() {
        var project = project();
        var network = network();
        var runner = runner();
        var gitlab = gitlab();
        return new OrchestratorConfig(values.source(), project, network, runner, gitlab, aws(), helper(), server(),
                HostSettings.read(values, gitlab));
    }

    /**
     * Rules that depend on what is asked for: a runner-only {@code up} with a token needs a URL; {@code register}
     * needs a token.
     */
    public static void checkFor(OrchestratorConfig config, Mode mode, boolean registrationRequired) {
        if (mode != Mode.RUNNER_ONLY) {
            return;
        }
        OrchestratorConfig.GitLab gitlab = config.gitlab();
        if (gitlab.hasToken() && gitlab.url().isEmpty()) {
            throw new ConfigurationException("gitlab.url", "", config.source() + ": gitlab.url is empty but gitlab.token "
                    + "is set. Set gitlab.url to your GitLab's address (like https://gitlab.example.com), or run "
                    + "`up --complete` to start a local GitLab.");
        }
        if (registrationRequired && !gitlab.hasToken()) {
            throw new ConfigurationException("gitlab.token", "", config.source() + ": gitlab.token is empty, so there "
                    + "is nothing to register with. Create a runner in GitLab (Settings > CI/CD > Runners > New runner), "
                    + "then set gitlab.token = \"${GITLAB_RUNNER_TOKEN}\" and export GITLAB_RUNNER_TOKEN=glrt-...");
        }
    }

    private OrchestratorConfig.Project project() {
        String name = matching("project.name", PROJECT_NAME, "lower-case letters, digits, '-' and '_' (it prefixes "
                + "container names)");
        Path stateDir = values.path("project.state_dir").orElseThrow(() -> values.fail("project.state_dir", "",
                "is empty; set the folder that holds the runner's config, mounts and helper binaries"));
        OrchestratorConfig.StateLocation state = OrchestratorConfig.StateLocation.valueOf(
                oneOf("project.state", List.of("auto", "host", "engine")).toUpperCase(Locale.ROOT));
        return new OrchestratorConfig.Project(name, stateDir, duration("project.lock_timeout"), state);
    }

    private OrchestratorConfig.Network network() {
        return new OrchestratorConfig.Network(matching("network.name", DOCKER_NAME, "letters, digits, '.', '-' and '_'"),
                values.bool("network.external"));
    }

    private OrchestratorConfig.Runner runner() {
        List<String> volumes = values.stringList("runner.job_volumes");
        for (String v : volumes) {
            if (!VOLUME.matcher(v).matches()) {
                throw values.fail("runner.job_volumes", v, "entry \"" + v + "\" is not a volume; write it as "
                        + "\"/host/path:/path/in/job\" or \"/host/path:/path/in/job:ro\"");
            }
        }
        long concurrent = values.integer("runner.concurrent");
        if (concurrent < 1 || concurrent > 1000) {
            throw values.fail("runner.concurrent", String.valueOf(concurrent), "= " + concurrent + " is not a number "
                    + "of jobs; use 1 or more (how many jobs the runner runs at once)");
        }
        return new OrchestratorConfig.Runner(image("runner.image"),
                nonEmpty("runner.name", "the name the runner gets in GitLab"), image("runner.default_job_image"),
                values.bool("runner.privileged"), volumes, oneOf("runner.restart", RESTART_POLICIES),
                values.stringList("runner.tags"), (int) concurrent);
    }

    private OrchestratorConfig.GitLab gitlab() {
        String url = values.string("gitlab.url");
        if (!url.isEmpty()) {
            url = validUrl("gitlab.url", url);
        }
        Secret token = Secret.of(values.string("gitlab.token"));
        if (!token.isEmpty() && token.tokenKind() == TokenKind.RUNNER_AUTHENTICATION
                && !values.stringList("runner.tags").isEmpty()) {
            throw values.fail("runner.tags", "", "is set, but gitlab.token is a runner authentication token (glrt-): "
                    + "with such tokens, tags live on the GitLab server. Set the tags on the runner in GitLab and remove "
                    + "runner.tags");
        }
        return new OrchestratorConfig.GitLab(url, token);
    }

    private OrchestratorConfig.Aws aws() {
        List<String> registries = values.stringList("aws.ecr_registries");
        for (String r : registries) {
            if (!ECR_HOST.matcher(r).matches()) {
                throw values.fail("aws.ecr_registries", r, "entry \"" + r + "\" is not an Amazon ECR registry host. "
                        + "Write the host only, like 123456789012.dkr.ecr.eu-west-1.amazonaws.com (no https://, no path)");
            }
        }
        String region = values.string("aws.region");
        if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            throw values.fail("aws.region", region, "= \"" + region + "\" is not an AWS region; write one like eu-west-1");
        }
        if (region.isEmpty() && registries.isEmpty()) {
            throw values.fail("aws.region", "", "is empty and aws.ecr_registries lists no registry. With no "
                    + "registries listed, every registry goes through the ECR helper (credsStore), which needs a "
                    + "region: set aws.region, or list your registries in aws.ecr_registries");
        }
        return new OrchestratorConfig.Aws(values.path("aws.credentials_file"), region, registries,
                values.bool("aws.share_credentials_with_jobs"));
    }

    private OrchestratorConfig.Helper helper() {
        return new HelperSettings(values).build(image("helper.builder_image"));
    }

    private OrchestratorConfig.Server server() {
        int httpPort = port("server.http_port");
        int sshPort = port("server.ssh_port");
        if (httpPort == sshPort) {
            throw values.fail("server.ssh_port", String.valueOf(sshPort), "= " + sshPort + " is the same as "
                    + "server.http_port; give SSH and HTTP different ports");
        }
        String address = values.string("server.publish_address");
        if (!isIpv4(address)) {
            throw values.fail("server.publish_address", address, "= \"" + address + "\" is not an IPv4 address; use "
                    + "127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
        String shm = values.string("server.shm_size");
        long shmBytes = Durations.parseSize(shm);
        if (shmBytes < (64L << 20)) {
            throw values.fail("server.shm_size", shm, "= \"" + shm + "\" is not a size of at least 64m; GitLab "
                    + "recommends \"256m\"");
        }
        Map<String, String> env = values.stringTable("server.environment");
        Secret rootPassword = Secret.of(values.string("server.root_password"));
        if (!rootPassword.isEmpty()) {
            String email = env.getOrDefault("GITLAB_ROOT_EMAIL", "").isBlank() ? RootPasswordPolicy.DEFAULT_ROOT_EMAIL
                    : env.get("GITLAB_ROOT_EMAIL").strip();
            RootPasswordPolicy.violation(rootPassword.reveal(), email).ifPresent(problem -> {
                throw values.fail("server.root_password", "", problem + ". GitLab would refuse it on its first boot "
                        + "and never create the root user. Choose another password, or leave it empty to have one "
                        + "generated");
            });
        }
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw values.fail("server.environment", name, "has \"" + name + "\", which is not an environment "
                        + "variable name");
            }
            String instead = RESERVED_SERVER_ENV.get(name);
            if (instead != null) {
                throw values.fail("server.environment", name, "sets " + name + ", which would silently override what "
                        + "the tool configures. Remove it and use " + instead + " instead");
            }
        }
        ServerProfile profile = oneOf("server.profile", List.of("small", "standard")).equals("small")
                ? ServerProfile.SMALL : ServerProfile.STANDARD;
        return new OrchestratorConfig.Server(image("server.image"), profile,
                matching("server.hostname", HOSTNAME, "a host name such as gitlab-server"), address, httpPort, sshPort,
                shmBytes, rootPassword, duration("server.ready_timeout"), values.string("server.extra_omnibus_config"),
                Map.copyOf(env));
    }

    // ---- formats ----

    private String nonEmpty(String name, String what) {
        String v = values.string(name);
        if (v.isEmpty()) {
            throw values.fail(name, "", "is empty; set " + what);
        }
        return v;
    }

    private String matching(String name, Pattern pattern, String expected) {
        String v = values.string(name);
        if (!pattern.matcher(v).matches()) {
            throw values.fail(name, v, "= \"" + v + "\" is not valid; use " + expected);
        }
        return v;
    }

    private String image(String name) {
        String v = values.string(name);
        if (!IMAGE.matcher(v).matches()) {
            throw values.fail(name, v, "= \"" + v + "\" is not an image reference; write it like "
                    + "gitlab/gitlab-runner:v19.4.1");
        }
        return v;
    }

    private String oneOf(String name, List<String> allowed) {
        String v = values.string(name).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw values.fail(name, v, "= \"" + v + "\" is not allowed; use one of " + allowed.stream()
                    .map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")));
        }
        return v;
    }

    private int port(String name) {
        long v = values.integer(name);
        if (v < 1 || v > 65535) {
            throw values.fail(name, String.valueOf(v), "= " + v + " is not a port; use a number from 1 to 65535");
        }
        return (int) v;
    }

    private Duration duration(String name) {
        String text = values.string(name);
        Duration d = Durations.parseDuration(text);
        if (d == null || d.isZero()) {
            throw values.fail(name, text, "= \"" + text + "\" is not a duration; write it like \"15m\", \"900s\" or "
                    + "\"1h\"");
        }
        return d;
    }

    private String validUrl(String name, String v) {
        try {
            URI uri = new URI(v);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw values.fail(name, v, "= \"" + v + "\" is not a URL; write your GitLab's address like "
                + "https://gitlab.example.com");
    }

    private static boolean isIpv4(String v) {
        var m = IPV4.matcher(v);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
