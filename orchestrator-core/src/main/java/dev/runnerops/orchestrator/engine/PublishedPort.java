package dev.runnerops.orchestrator.engine;

/**
 * A container port published on a host address, as the engine reports it.
 *
 * @param hostAddress "0.0.0.0", "::" or a specific address
 */
public record PublishedPort(String hostAddress, int hostPort, int containerPort, String protocol) {

    /** Whether a binding of {@code address:port} would collide: a wildcard address on either side collides. */
    public boolean collidesWith(String address, int port) {
        boolean sameAddress = hostAddress.equals(address) || isWildcard(hostAddress) || isWildcard(address);
        return sameAddress && hostPort == port;
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.isEmpty();
    }

    @Override
    public String toString() {
        return hostAddress + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }
}
