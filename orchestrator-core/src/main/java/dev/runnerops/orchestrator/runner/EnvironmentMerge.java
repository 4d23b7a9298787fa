package dev.runnerops.orchestrator.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code environment} list of a runner entry: the variables the tool sets take their planned values in
 * place; variables someone else added stay where they are.
 */
final class EnvironmentMerge {
    /** Owned even when the plan has no value for them (a region removed from the configuration). */
    static final Set<String> ALWAYS_OWNED = Set.of("DOCKER_AUTH_CONFIG", "AWS_REGION", "AWS_DEFAULT_REGION");

    private EnvironmentMerge() {}

    static List<String> merge(List<String> current, List<String> planned) {
        Map<String, String> wanted = new LinkedHashMap<>();
        planned.forEach(e -> wanted.put(name(e), e));
        List<String> out = new ArrayList<>();
        for (String e : current) {
            String name = name(e);
            if (wanted.containsKey(name)) {
                out.add(wanted.remove(name));
            } else if (!ALWAYS_OWNED.contains(name) && !isPlannedName(planned, name)) {
                out.add(e);
            }
        }
        out.addAll(wanted.values());
        return out;
    }

    private static boolean isPlannedName(List<String> planned, String name) {
        return planned.stream().anyMatch(e -> name(e).equals(name));
    }

    private static String name(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
