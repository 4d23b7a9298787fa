package dev.runnerops.orchestrator.plan;

import java.util.Map;

/**
 * Label keys on every container and network the tool creates. Labels, not local files, are the truth about
 * what exists: {@code down}, {@code clean} and {@code status} find resources by them.
 */
public final class Labels {
    public static final String PREFIX = "dev.runnerops.orchestrator.";
    public static final String PROJECT = PREFIX + "project";
    public static final String SERVICE = PREFIX + "service";
    public static final String CONFIG_HASH = PREFIX + "config-hash";
    /** On the temporary image and containers of the helper build, so a crashed build can be cleaned up. */
    public static final String HELPER_BUILD = PREFIX + "helper-build";

    private Labels() {}

    public static Map<String, String> project(String project) {
        return Map.of(PROJECT, project);
    }
}
