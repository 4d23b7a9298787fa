package dev.runnerops.orchestrator.engine;

import java.util.Map;

public record NetworkInfo(String id, String name, Map<String, String> labels) {
    public NetworkInfo {
        labels = Map.copyOf(labels);
    }
}
