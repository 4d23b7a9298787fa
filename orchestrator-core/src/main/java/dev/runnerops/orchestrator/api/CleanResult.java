package dev.runnerops.orchestrator.api;

import java.util.List;

/** What {@code clean} removed, and what it kept and why. */
public record CleanResult(
        List<String> unregistered,
        DownResult down,
        List<String> removedImages,
        List<String> keptImages,
        List<String> removedFiles,
        List<String> keptFiles) {}
