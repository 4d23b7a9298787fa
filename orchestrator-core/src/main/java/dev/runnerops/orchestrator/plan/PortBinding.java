package dev.runnerops.orchestrator.plan;

/** A container port published on a host address. */
public record PortBinding(String hostAddress, int hostPort, int containerPort, String setting) {
    @Override
    public String toString() {
        return hostAddress + ":" + hostPort + "->" + containerPort + "/tcp";
    }
}
