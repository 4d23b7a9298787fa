package dev.runnerops.orchestrator.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of settings: name, type and default. {@code config/orchestrator.toml} documents the same
 * settings with the same defaults, and a test keeps the two equal.
 */
public final class Settings {

    /** The TOML type a setting takes. */
    public enum Kind { STRING, BOOLEAN, INTEGER, STRING_LIST, STRING_TABLE }

    /**
     * @param defaultValue String, Boolean, Long, List of String, or Map of String to String, after its kind
     */
    public record Setting(String table, String key, Kind kind, Object defaultValue) {
        public String name() {
            return table + "." + key;
        }
    }

    /** amazon-ecr-credential-helper's release bucket, as its GitHub releases link each binary. */
    public static final String DEFAULT_RELEASE_URL = "https://amazon-ecr-credential-helper-releases.s3.us-east-2"
            + ".amazonaws.com/{version}/{os}-{arch}/docker-credential-ecr-login";

    public static final List<Setting> ALL = List.of(
            string("project", "name", "gitlab-ecr"),
            string("project", "state_dir", "../state"),
            string("project", "lock_timeout", "5m"),
            string("project", "state", "auto"),

            string("network", "name", "gitlab-ecr-network"),
            bool("network", "external", false),

            string("runner", "image", "gitlab/gitlab-runner:v19.4.1"),
            string("runner", "name", "gitlab-ecr-runner"),
            string("runner", "default_job_image", "alpine:3.22"),
            bool("runner", "privileged", true),
            list("runner", "job_volumes"),
            string("runner", "restart", "unless-stopped"),
            list("runner", "tags"),
            integer("runner", "concurrent", 1),

            string("gitlab", "url", ""),
            string("gitlab", "token", "${GITLAB_RUNNER_TOKEN:-}"),

            string("aws", "credentials_file", ""),
            string("aws", "region", "us-east-1"),
            list("aws", "ecr_registries"),
            bool("aws", "share_credentials_with_jobs", true),

            string("helper", "source", "release"),
            string("helper", "version", "v0.11.0"),
            string("helper", "release_url", DEFAULT_RELEASE_URL),
            string("helper", "sha256", ""),
            string("helper", "builder_image", "golang:1.25-alpine"),
            string("helper", "local_path", "/usr/bin/docker-credential-ecr-login"),

            string("server", "image", "gitlab/gitlab-ce:19.4.1-ce.0"),
            string("server", "profile", "small"),
            string("server", "hostname", "gitlab-server"),
            string("server", "publish_address", "127.0.0.1"),
            integer("server", "http_port", 8800),
            integer("server", "ssh_port", 2200),
            string("server", "shm_size", "256m"),
            string("server", "root_password", ""),
            string("server", "ready_timeout", "15m"),
            string("server", "extra_omnibus_config", ""),
            new Setting("server", "environment", Kind.STRING_TABLE, Map.of()));

    /**
     * The keys of a {@code [[hosts]]} entry: one host of a fleet. Without entries the project is this machine's
     * engine, as DOCKER_HOST and friends say.
     */
    public static final List<Setting> HOST_KEYS = List.of(
            string("hosts", "name", ""),
            string("hosts", "context", ""),
            string("hosts", "host", ""),
            string("hosts", "cert_path", ""),
            integer("hosts", "concurrent", 0),
            list("hosts", "tags"));

    private static final Map<String, Setting> BY_NAME = index();

    private Settings() {}

    public static Optional<Setting> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The tables in file order. */
    public static List<String> tables() {
        return ALL.stream().map(Setting::table).distinct().toList();
    }

    /** The keys of a table in file order. */
    public static List<String> keys(String table) {
        return ALL.stream().filter(s -> s.table().equals(table)).map(Setting::key).toList();
    }

    private static Map<String, Setting> index() {
        Map<String, Setting> m = new LinkedHashMap<>();
        ALL.forEach(s -> m.put(s.name(), s));
        return m;
    }

    private static Setting string(String table, String key, String value) {
        return new Setting(table, key, Kind.STRING, value);
    }

    private static Setting bool(String table, String key, boolean value) {
        return new Setting(table, key, Kind.BOOLEAN, value);
    }

    private static Setting integer(String table, String key, long value) {
        return new Setting(table, key, Kind.INTEGER, value);
    }

    private static Setting list(String table, String key) {
        return new Setting(table, key, Kind.STRING_LIST, List.of());
    }
}
