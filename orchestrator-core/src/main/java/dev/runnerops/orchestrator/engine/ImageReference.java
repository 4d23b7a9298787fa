package dev.runnerops.orchestrator.engine;

/** Splits {@code registry:5000/repo/name:tag} into repository and tag, as the pull API wants them. */
record ImageReference(String repository, String tag) {

    static ImageReference parse(String reference) {
        int at = reference.indexOf('@');
        if (at >= 0) {
            return new ImageReference(reference.substring(0, at), reference.substring(at + 1));
        }
        int colon = reference.lastIndexOf(':');
        int slash = reference.lastIndexOf('/');
        if (colon > slash) {
            return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
        }
        return new ImageReference(reference, "latest");
    }
}
