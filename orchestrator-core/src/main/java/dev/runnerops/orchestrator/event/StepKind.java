package dev.runnerops.orchestrator.event;

/** What a step works on; with a resource name it identifies the step ({@link StepId}). */
public enum StepKind {
    IMAGE("image"),
    HELPER("helper"),
    NETWORK("network"),
    CONTAINER("container"),
    STATE("state on the engine"),
    JOB_DOCKER_CONFIG("job Docker config"),
    RUNNER_CONFIG("runner config"),
    GITLAB_READY("wait for GitLab"),
    RUNNER_TOKEN("runner in GitLab"),
    REGISTRATION("register"),
    VERIFICATION("verify runner"),
    UNREGISTRATION("unregister"),
    RUNNER_DELETION("delete runner in GitLab"),
    IMAGE_REMOVAL("remove image"),
    CONTAINER_REMOVAL("remove container"),
    NETWORK_REMOVAL("remove network"),
    GITLAB_DATA_DELETION("delete GitLab data"),
    STATE_REMOVAL("remove state files");

    private final String words;

    StepKind(String words) {
        this.words = words;
    }

    /** How the kind reads in a progress line: "container", "wait for GitLab". */
    public String words() {
        return words;
    }
}
