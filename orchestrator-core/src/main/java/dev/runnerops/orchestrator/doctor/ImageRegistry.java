package dev.runnerops.orchestrator.doctor;

import java.util.regex.Pattern;

/** Which registry an image reference names, as the Docker CLI reads it (distribution/reference). */
final class ImageRegistry {
    private static final Pattern ECR = Pattern.compile("[0-9]{12}\\.dkr[.-]ecr[.-][a-z0-9.-]+|public\\.ecr\\.aws");

    private ImageRegistry() {}

    /** The first path component when it looks like a host (has a dot or a port, or is localhost), else Docker Hub. */
    static String hostOf(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    static boolean isEcr(String host) {
        return ECR.matcher(host).matches();
    }
}
