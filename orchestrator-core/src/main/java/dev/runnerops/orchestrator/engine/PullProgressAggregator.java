package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.model.PullResponseItem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the engine's per-layer pull messages into running totals: bytes of every layer seen so far, a layer
 * counted whole once it is complete or already present.
 */
final class PullProgressAggregator {
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final PullProgress progress;

    PullProgressAggregator(PullProgress progress) {
        this.progress = progress;
    }

    synchronized void accept(PullResponseItem item) {
        String layer = item.getId();
        var detail = item.getProgressDetail();
        String status = item.getStatus() == null ? "" : item.getStatus();
        if (layer != null && detail != null && detail.getTotal() != null && detail.getTotal() > 0) {
            layers.put(layer, new long[] {detail.getCurrent() == null ? 0 : detail.getCurrent(), detail.getTotal()});
        } else if (layer != null && (status.startsWith("Pull complete") || status.startsWith("Already exists"))) {
            long[] l = layers.get(layer);
            if (l != null) {
                l[0] = l[1];
            }
        }
        long current = 0;
        long total = 0;
        for (long[] l : layers.values()) {
            current += l[0];
            total += l[1];
        }
        progress.update(status, current, total);
    }
}
