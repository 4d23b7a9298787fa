package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads {@code orchestrator.toml} with tomlj. Settings missing from the user's file take the value of the
 * embedded default file, so the default file is the single list of settings and defaults. Every problem
 * becomes a {@link ConfigException} that names the file, the setting and the fix.
 */
public final class ConfigLoader {
    /** Classpath location of the default configuration (a copy of {@code config/orchestrator.toml}). */
    public static final String DEFAULT_RESOURCE = "/dev/runnerops/orchestrator/config/orchestrator.toml";

    private static final Map<String, Map<String, Kind>> SCHEMA = schema();
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,40}");
    private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]*(?<![:/@])");
    private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ECR_HOST = Pattern.compile("[0-9]{12}\\.dkr[.-]ecr[.-][a-z0-9.-]+|public\\.ecr\\.aws");
    private static final Pattern HELPER_VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> RESTART_POLICIES = List.of("no", "always", "unless-stopped", "on-failure");

    private enum Kind { STRING, BOOLEAN, INTEGER, STRING_LIST, STRING_TABLE }

    private final Map<String, String> environment;
    private final Path home;

    public ConfigLoader(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(environment);
        this.home = home;
    }

    /** A loader that reads the process environment and expands {@code ~} to {@code user.home}. */
    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public OrchestratorConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "Configuration file " + absolute + " does not exist. Pass an existing "
                    + "file with --config, or omit --config to use the built-in defaults.");
        } catch (IOException e) {
            throw new ConfigException("", "Cannot read configuration file " + absolute + ": " + e.getMessage()
                    + ". Check that it is a readable file.");
        }
        return parse(text, absolute.toString(), absolute.getParent());
    }

    /**
     * The embedded default configuration. Its relative paths resolve as if it were the repository's
     * {@code config/orchestrator.toml} under {@code workingDir}.
     */
    public OrchestratorConfig loadDefault(Path workingDir) {
        return parse(defaultText(), "built-in default configuration",
                workingDir.toAbsolutePath().normalize().resolve("config"));
    }

    public static String defaultText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default configuration missing from the jar: " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OrchestratorConfig parse(String text, String source, Path baseDir) {
        TomlParseResult user = Toml.parse(text);
        if (user.hasErrors()) {
            String errors = user.errors().stream().limit(3)
                    .map(e -> "line " + e.position().line() + ", column " + e.position().column() + ": " + e.getMessage())
                    .collect(Collectors.joining("; "));
            throw new ConfigException("", source + " is not valid TOML (" + errors + "). Fix the syntax: strings need "
                    + "double quotes, tables are written [name] on a line of their own.");
        }
        Settings s = new Settings(user, source, baseDir, new Interpolator(environment, source));
        s.rejectUnknownKeys();
        return s.build();
    }

    private static Map<String, Map<String, Kind>> schema() {
        Map<String, Map<String, Kind>> m = new LinkedHashMap<>();
        m.put("project", keys("name", Kind.STRING, "state_dir", Kind.STRING));
        m.put("network", keys("name", Kind.STRING, "external", Kind.BOOLEAN));
        m.put("runner", keys("image", Kind.STRING, "name", Kind.STRING, "default_job_image", Kind.STRING,
                "privileged", Kind.BOOLEAN, "job_volumes", Kind.STRING_LIST, "restart", Kind.STRING,
                "tags", Kind.STRING_LIST));
        m.put("gitlab", keys("url", Kind.STRING, "token", Kind.STRING));
        m.put("aws", keys("credentials_file", Kind.STRING, "region", Kind.STRING, "ecr_registries", Kind.STRING_LIST,
                "share_credentials_with_jobs", Kind.BOOLEAN));
        m.put("helper", keys("source", Kind.STRING, "version", Kind.STRING, "builder_image", Kind.STRING,
                "local_path", Kind.STRING));
        m.put("server", keys("image", Kind.STRING, "hostname", Kind.STRING, "publish_address", Kind.STRING,
                "http_port", Kind.INTEGER, "ssh_port", Kind.INTEGER, "shm_size", Kind.STRING,
                "root_password", Kind.STRING, "ready_timeout", Kind.STRING, "extra_omnibus_config", Kind.STRING,
                "environment", Kind.STRING_TABLE));
        return m;
    }

    private static Map<String, Kind> keys(Object... pairs) {
        Map<String, Kind> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Kind) pairs[i + 1]);
        }
        return m;
    }

    /** One parse: the user's table over the defaults, plus helpers that turn problems into messages. */
    private final class Settings {
        private final TomlTable user;
        private final String source;
        private final Path baseDir;
        private final Interpolator interpolator;
        /** Parsed only when the user's file leaves a setting out: a complete file costs one parse. */
        private TomlTable defaults;

        Settings(TomlTable user, String source, Path baseDir, Interpolator interpolator) {
            this.user = user;
            this.source = source;
            this.baseDir = baseDir;
            this.interpolator = interpolator;
        }

        private TomlTable defaults() {
            if (defaults == null) {
                TomlParseResult parsed = Toml.parse(defaultText());
                if (parsed.hasErrors()) {
                    throw new IllegalStateException("embedded default configuration is invalid: " + parsed.errors());
                }
                defaults = parsed;
            }
            return defaults;
        }

        void rejectUnknownKeys() {
            for (String table : user.keySet()) {
                if (!SCHEMA.containsKey(table)) {
                    throw fail(table, "is not a known table. The tables are " + String.join(", ",
                            SCHEMA.keySet().stream().map(t -> "[" + t + "]").toList())
                            + "; fix the spelling or remove it");
                }
                if (!user.isTable(table)) {
                    throw fail(table, "must be a table, written [" + table + "] on a line of its own");
                }
                TomlTable t = user.getTable(table);
                for (String key : t.keySet()) {
                    if (!SCHEMA.get(table).containsKey(key)) {
                        throw fail(table + "." + key, "is not a known setting. The settings of [" + table + "] are "
                                + String.join(", ", SCHEMA.get(table).keySet()) + "; fix the spelling or remove it");
                    }
                }
            }
        }

        OrchestratorConfig build() {
            OrchestratorConfig.Project project = new OrchestratorConfig.Project(
                    matching("project.name", PROJECT_NAME, "lower-case letters, digits, '-' and '_' (it prefixes "
                            + "container names)"),
                    path("project.state_dir").orElseThrow(() -> fail("project.state_dir",
                            "is empty; set the folder that holds the runner's config, mounts and helper binaries")));

            OrchestratorConfig.Network network = new OrchestratorConfig.Network(
                    matching("network.name", DOCKER_NAME, "letters, digits, '.', '-' and '_'"),
                    bool("network.external"));

            OrchestratorConfig.Runner runner = new OrchestratorConfig.Runner(
                    image("runner.image"),
                    nonEmpty("runner.name", "the name the runner gets in GitLab"),
                    image("runner.default_job_image"),
                    bool("runner.privileged"),
                    jobVolumes(),
                    oneOf("runner.restart", RESTART_POLICIES),
                    stringList("runner.tags"));

            String url = string("gitlab.url");
            if (!url.isEmpty()) {
                url = validUrl("gitlab.url", url);
            }
            OrchestratorConfig.GitLab gitlab = new OrchestratorConfig.GitLab(url, Secret.of(string("gitlab.token")));
            if (gitlab.hasToken() && gitlab.usesRunnerAuthenticationToken() && !runner.tags().isEmpty()) {
                throw fail("runner.tags", "is set, but gitlab.token is a runner authentication token (glrt-): with "
                        + "such tokens, tags live on the GitLab server. Set the tags on the runner in GitLab and remove "
                        + "runner.tags");
            }

            List<String> registries = stringList("aws.ecr_registries");
            for (int i = 0; i < registries.size(); i++) {
                String r = registries.get(i);
                if (!ECR_HOST.matcher(r).matches()) {
                    throw fail("aws.ecr_registries", "entry \"" + r + "\" is not an Amazon ECR registry host. Write the "
                            + "host only, like 123456789012.dkr.ecr.eu-west-1.amazonaws.com (no https://, no path)");
                }
            }
            String region = string("aws.region");
            if (!region.isEmpty() && !REGION.matcher(region).matches()) {
                throw fail("aws.region", "= \"" + region + "\" is not an AWS region; write one like eu-west-1");
            }
            if (region.isEmpty() && registries.isEmpty()) {
                throw fail("aws.region", "is empty and aws.ecr_registries lists no registry. With no registries "
                        + "listed, every registry goes through the ECR helper (credsStore), which needs a region: set "
                        + "aws.region, or list your registries in aws.ecr_registries");
            }
            OrchestratorConfig.Aws aws = new OrchestratorConfig.Aws(path("aws.credentials_file"), region,
                    List.copyOf(registries), bool("aws.share_credentials_with_jobs"));

            HelperSource helperSource = switch (oneOf("helper.source", List.of("build", "local"))) {
                case "build" -> HelperSource.BUILD;
                default -> HelperSource.LOCAL;
            };
            Optional<Path> localPath = path("helper.local_path");
            if (helperSource == HelperSource.LOCAL && localPath.isEmpty()) {
                throw fail("helper.local_path", "is empty but helper.source = \"local\". Set it to an existing "
                        + "docker-credential-ecr-login binary (Debian: /usr/bin/docker-credential-ecr-login), or set "
                        + "helper.source = \"build\"");
            }
            OrchestratorConfig.Helper helper = new OrchestratorConfig.Helper(helperSource,
                    matching("helper.version", HELPER_VERSION, "a release tag such as v0.11.0"),
                    image("helper.builder_image"), localPath.orElse(null));

            OrchestratorConfig.Server server = server();
            return new OrchestratorConfig(source, project, network, runner, gitlab, aws, helper, server);
        }

        private OrchestratorConfig.Server server() {
            int httpPort = port("server.http_port");
            int sshPort = port("server.ssh_port");
            if (httpPort == sshPort) {
                throw fail("server.ssh_port", "= " + sshPort + " is the same as server.http_port; give SSH and HTTP "
                        + "different ports");
            }
            String address = string("server.publish_address");
            if (!isIpv4(address)) {
                throw fail("server.publish_address", "= \"" + address + "\" is not an IPv4 address; use 127.0.0.1 "
                        + "(this machine only) or 0.0.0.0 (every interface)");
            }
            String shm = string("server.shm_size");
            long shmBytes = Durations.parseSize(shm);
            if (shmBytes < (64L << 20)) {
                throw fail("server.shm_size", "= \"" + shm + "\" is not a size of at least 64m; GitLab recommends "
                        + "\"256m\"");
            }
            String timeoutText = string("server.ready_timeout");
            Duration timeout = Durations.parseDuration(timeoutText);
            if (timeout == null || timeout.isZero()) {
                throw fail("server.ready_timeout", "= \"" + timeoutText + "\" is not a duration; write it like "
                        + "\"15m\", \"900s\" or \"1h\"");
            }
            Secret rootPassword = Secret.of(string("server.root_password"));
            if (!rootPassword.isEmpty() && rootPassword.reveal().length() < 8) {
                throw fail("server.root_password", "is shorter than 8 characters, which GitLab rejects. Use a longer "
                        + "password, or leave it empty to have one generated");
            }
            Map<String, String> env = stringTable("server.environment");
            return new OrchestratorConfig.Server(
                    image("server.image"),
                    matching("server.hostname", HOSTNAME, "a host name such as gitlab-server"),
                    address, httpPort, sshPort, shmBytes, rootPassword, timeout,
                    string("server.extra_omnibus_config"), env);
        }

        // ---- typed access over the user table with the defaults beneath ----

        private Object raw(String key, Kind kind) {
            List<String> path = List.of(key.split("\\.", 2));
            TomlTable from = user.contains(path) ? user : defaults();
            Object value = from.get(path);
            if (value == null) {
                throw new IllegalStateException("default configuration lacks " + key);
            }
            boolean ok = switch (kind) {
                case STRING -> value instanceof String;
                case BOOLEAN -> value instanceof Boolean;
                case INTEGER -> value instanceof Long;
                case STRING_LIST -> value instanceof TomlArray a && a.toList().stream().allMatch(String.class::isInstance);
                case STRING_TABLE -> value instanceof TomlTable;
            };
            if (!ok) {
                String expected = switch (kind) {
                    case STRING -> "a string in double quotes";
                    case BOOLEAN -> "true or false (without quotes)";
                    case INTEGER -> "a whole number (without quotes)";
                    case STRING_LIST -> "a list of strings, like [\"a\", \"b\"]";
                    case STRING_TABLE -> "a table of strings, like { NAME = \"value\" }";
                };
                throw fail(key, "must be " + expected + at(from, path) + ", not " + describe(value));
            }
            return value;
        }

        private String string(String key) {
            return interpolator.apply(key, (String) raw(key, Kind.STRING)).trim();
        }

        private boolean bool(String key) {
            return (Boolean) raw(key, Kind.BOOLEAN);
        }

        private List<String> stringList(String key) {
            TomlArray a = (TomlArray) raw(key, Kind.STRING_LIST);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String v = interpolator.apply(key, a.getString(i)).trim();
                if (v.isEmpty()) {
                    throw fail(key, "entry " + (i + 1) + " is empty; remove it");
                }
                out.add(v);
            }
            return List.copyOf(out);
        }

        private Map<String, String> stringTable(String key) {
            TomlTable t = (TomlTable) raw(key, Kind.STRING_TABLE);
            Map<String, String> out = new LinkedHashMap<>();
            for (String name : t.keySet()) {
                Object v = t.get(List.of(name));
                if (!(v instanceof String s)) {
                    throw fail(key + "." + name, "must be a string in double quotes, not " + describe(v));
                }
                if (!ENV_NAME.matcher(name).matches()) {
                    throw fail(key, "has \"" + name + "\", which is not an environment variable name");
                }
                out.put(name, interpolator.apply(key + "." + name, s));
            }
            return Map.copyOf(out);
        }

        private String nonEmpty(String key, String what) {
            String v = string(key);
            if (v.isEmpty()) {
                throw fail(key, "is empty; set " + what);
            }
            return v;
        }

        private String matching(String key, Pattern pattern, String expected) {
            String v = string(key);
            if (!pattern.matcher(v).matches()) {
                throw fail(key, "= \"" + v + "\" is not valid; use " + expected);
            }
            return v;
        }

        private String image(String key) {
            String v = string(key);
            if (!IMAGE.matcher(v).matches()) {
                throw fail(key, "= \"" + v + "\" is not an image reference; write it like gitlab/gitlab-runner:v19.4.1");
            }
            return v;
        }

        private String oneOf(String key, List<String> allowed) {
            String v = string(key).toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw fail(key, "= \"" + v + "\" is not allowed; use one of " + allowed.stream()
                        .map(a -> "\"" + a + "\"").collect(Collectors.joining(", ")));
            }
            return v;
        }

        private int port(String key) {
            long v = (Long) raw(key, Kind.INTEGER);
            if (v < 1 || v > 65535) {
                throw fail(key, "= " + v + " is not a port; use a number from 1 to 65535");
            }
            return (int) v;
        }

        private Optional<Path> path(String key) {
            String v = string(key);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Path p;
            if (v.equals("~") || v.startsWith("~/")) {
                p = home.resolve(v.equals("~") ? "" : v.substring(2));
            } else {
                p = Path.of(v);
            }
            return Optional.of(baseDir.resolve(p).normalize());
        }

        private List<String> jobVolumes() {
            List<String> volumes = stringList("runner.job_volumes");
            for (String v : volumes) {
                String[] parts = v.split(":");
                if (parts.length < 2 || parts.length > 3 || !parts[1].startsWith("/")
                        || (parts.length == 3 && !parts[2].matches("(ro|rw)(,[a-z]+)*|[a-z,]+"))) {
                    throw fail("runner.job_volumes", "entry \"" + v + "\" is not a volume; write it as "
                            + "\"/host/path:/path/in/job\" or \"/host/path:/path/in/job:ro\"");
                }
            }
            return volumes;
        }

        private String validUrl(String key, String v) {
            try {
                URI uri = new URI(v);
                if ((uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https")))
                        && uri.getHost() != null) {
                    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                }
            } catch (URISyntaxException ignored) {
                // reported below
            }
            throw fail(key, "= \"" + v + "\" is not a URL; write your GitLab's address like https://gitlab.example.com");
        }

        private boolean isIpv4(String v) {
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

        private String at(TomlTable from, List<String> path) {
            if (from != user) {
                return "";
            }
            TomlPosition pos = user.inputPositionOf(path);
            return pos == null ? "" : " (line " + pos.line() + ")";
        }

        private String describe(Object value) {
            if (value instanceof String s) {
                return "the string \"" + s + "\"";
            }
            if (value instanceof TomlTable) {
                return "a table";
            }
            if (value instanceof TomlArray) {
                return "a list";
            }
            return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
        }

        private ConfigException fail(String key, String problem) {
            return new ConfigException(key, source + ": " + key + " " + problem + ".");
        }
    }
}
