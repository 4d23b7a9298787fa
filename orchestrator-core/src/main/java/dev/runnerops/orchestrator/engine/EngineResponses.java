package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** docker-java's responses as our value types. */
final class EngineResponses {
    private EngineResponses() {}


    static NetworkInfo toInfo(Network n) {
        return new NetworkInfo(n.getId(), n.getName(), n.getLabels() == null ? Map.of() : n.getLabels());
    }

    static ContainerInfo toInfo(Container c) {
        List<PublishedPort> ports = new ArrayList<>();
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getPublicPort() != null) {
                    ports.add(new PublishedPort(p.getIp() == null ? "" : p.getIp(), p.getPublicPort(),
                            p.getPrivatePort(), String.valueOf(p.getType())));
                }
            }
        }
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : stripSlash(c.getNames()[0]);
        return new ContainerInfo(c.getId(), name, c.getImage(), c.getImageId(),
                c.getLabels() == null ? Map.of() : c.getLabels(), c.getState(), healthFromStatus(c.getStatus()), ports);
    }

    static ContainerInfo toInfo(InspectContainerResponse r) {
        String health = r.getState().getHealth() == null ? "" : r.getState().getHealth().getStatus();
        List<PublishedPort> ports = new ArrayList<>();
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            r.getNetworkSettings().getPorts().getBindings().forEach((exposed, bindings) -> {
                for (Ports.Binding b : bindings == null ? new Ports.Binding[0] : bindings) {
                    ports.add(new PublishedPort(b.getHostIp() == null ? "" : b.getHostIp(),
                            Integer.parseInt(b.getHostPortSpec()), exposed.getPort(),
                            exposed.getProtocol().toString()));
                }
            });
        }
        return new ContainerInfo(r.getId(), stripSlash(r.getName()), r.getConfig().getImage(), r.getImageId(),
                r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels(), r.getState().getStatus(),
                health == null ? "" : health, ports);
    }

    /** The list API only reports health inside its status text: "Up 3 minutes (healthy)". */
    static String healthFromStatus(String status) {
        if (status == null) {
            return "";
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        return status.contains("(health: starting)") ? "starting" : "";
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    static ContainerDetails toDetails(InspectContainerResponse r) {
        List<ContainerDetails.Mount> mounts = new ArrayList<>();
        if (r.getMounts() != null) {
            for (InspectContainerResponse.Mount m : r.getMounts()) {
                String source = m.getName() != null ? m.getName() : m.getSource();
                mounts.add(new ContainerDetails.Mount(m.getName() != null ? "volume" : "bind", source,
                        m.getDestination() == null ? "" : m.getDestination().getPath(),
                        !Boolean.TRUE.equals(m.getRW())));
            }
        }
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String e : r.getConfig().getEnv() == null ? new String[0] : r.getConfig().getEnv()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        boolean privileged = r.getHostConfig() != null && Boolean.TRUE.equals(r.getHostConfig().getPrivileged());
        return new ContainerDetails(toInfo(r), privileged, mounts, env);
    }
}
