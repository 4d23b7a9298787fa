package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Reads gitlab-runner's config.toml (with tomlj) to decide whether this runner is registered already:
 * {@code gitlab-runner register} appends a new {@code [[runners]]} entry every time it runs.
 */
public final class RunnerConfigFile {
    private final List<RunnerEntry> runners;

    private RunnerConfigFile(List<RunnerEntry> runners) {
        this.runners = List.copyOf(runners);
    }

    public static RunnerConfigFile empty() {
        return new RunnerConfigFile(List.of());
    }

    /** @param where the file's path, for the error message */
    public static RunnerConfigFile parse(String text, String where) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            String errors = toml.errors().stream().limit(2).map(e -> "line " + e.position().line() + ": " + e.getMessage())
                    .collect(Collectors.joining("; "));
            throw new OrchestratorException("The runner's config.toml (" + where + ") is not valid TOML (" + errors
                    + "). Fix the file by hand; the tool does not overwrite it.");
        }
        List<RunnerEntry> entries = new ArrayList<>();
        TomlArray array = toml.getArray("runners");
        for (int i = 0; array != null && i < array.size(); i++) {
            TomlTable r = array.getTable(i);
            TomlTable docker = r.getTable("docker");
            entries.add(new RunnerEntry(
                    str(r, "name"), str(r, "url"), Secret.of(str(r, "token")), str(r, "executor"),
                    docker == null ? "" : str(docker, "image"),
                    docker != null && Boolean.TRUE.equals(docker.getBoolean("privileged")),
                    docker == null ? List.of() : strings(docker.getArray("volumes")),
                    docker == null ? "" : str(docker, "network_mode"),
                    strings(r.getArray("environment"))));
        }
        return new RunnerConfigFile(entries);
    }

    public List<RunnerEntry> runners() {
        return runners;
    }

    /** Entries for this runner name and GitLab URL (a trailing slash does not count). */
    public List<RunnerEntry> find(String name, String url) {
        return runners.stream().filter(r -> r.name().equals(name) && sameUrl(r.url(), url)).toList();
    }

    public List<RunnerEntry> named(String name) {
        return runners.stream().filter(r -> r.name().equals(name)).toList();
    }

    private static boolean sameUrl(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String str(TomlTable t, String key) {
        Object v = t.get(key);
        return v instanceof String s ? s : "";
    }

    private static List<String> strings(TomlArray a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; a != null && i < a.size(); i++) {
            if (a.get(i) instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
