package dev.runnerops.orchestrator.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules of {@code [[hosts]]} entries: the hosts of a fleet. */
final class HostSettings {
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    private HostSettings() {}

    /**
     * {@code [[hosts]]}: each named once, reached through a context or an address, never both; tags of its own only
     * where each host registers a runner of its own (a legacy registration token).
     */
    static List<OrchestratorConfig.Host> read(SettingValues values, OrchestratorConfig.GitLab gitlab) {
        List<OrchestratorConfig.Host> hosts = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var entry : values.hostEntries()) {
            int n = hosts.size() + 1;
            String name = values.hostString(entry, "name");
            if (!HOST_NAME.matcher(name).matches()) {
                throw values.fail("hosts.name", name, "of [[hosts]] entry " + n + " = \"" + name + "\" is not a host "
                        + "name; use lower-case letters, digits and '-' (it prefixes progress lines and state folders)");
            }
            if (!names.add(name)) {
                throw values.fail("hosts.name", name, "\"" + name + "\" names two [[hosts]] entries; give each its own");
            }
            String context = values.hostString(entry, "context");
            String host = values.hostString(entry, "host");
            if (context.isEmpty() == host.isEmpty()) {
                throw values.fail("hosts.context", name, "of host " + name + ": set either context (a Docker context "
                        + "name) or host (an address such as tcp://build-1:2376), not " + (context.isEmpty() ? "neither"
                        : "both"));
            }
            Optional<Path> certPath = values.hostPath(entry, "cert_path");
            if (certPath.isPresent() && host.isEmpty()) {
                throw values.fail("hosts.cert_path", name, "of host " + name + " is set, but its engine is the context "
                        + context + ", which brings its own TLS files; remove cert_path");
            }
            Long concurrent = entry.getLong("concurrent");
            if (concurrent != null && (concurrent < 1 || concurrent > 1000)) {
                throw values.fail("hosts.concurrent", String.valueOf(concurrent), "of host " + name + " = "
                        + concurrent + " is not a number of jobs; use 1 or more, or leave it out");
            }
            if (entry.contains("tags") && !(gitlab.hasToken() && gitlab.token().tokenKind() == TokenKind.REGISTRATION)) {
                // GitLab keeps tags on the runner; every manager of it (one per host) takes the same ones.
                throw values.fail("hosts.tags", name, "of host " + name + " is set, but in GitLab tags belong to the "
                        + "runner, and every host of the fleet is a manager of that one runner, so all take the same "
                        + "tags. Set them once (runner.tags for up --complete, or on the runner in GitLab for a glrt- "
                        + "token) and remove hosts.tags; a host that needs other tags needs a runner of its own: its own "
                        + "configuration file and token. Per-host tags work only with a legacy registration token, with "
                        + "which each host registers a runner of its own");
            }
            Optional<List<String>> tags = entry.contains("tags")
                    ? Optional.of(entry.getArray("tags").toList().stream().map(Object::toString).toList())
                    : Optional.empty();
            hosts.add(new OrchestratorConfig.Host(name, context, host, certPath,
                    Optional.ofNullable(concurrent).map(Long::intValue), tags));
        }
        return hosts;
    }
}
