package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.model.UpResult;
import dev.runnerops.orchestrator.steps.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** How to open the local GitLab from this machine, after {@code up --complete}. */
final class GitLabAccesses {
    private GitLabAccesses() {}

    static UpResult.GitLabAccess of(Context ctx, Outcome runnerState) {
        OrchestratorConfig.Server server = ctx.config().server();
        String hostsLine = resolves(server.hostname()) ? ""
                : (server.publishAddress().equals("0.0.0.0") ? "127.0.0.1" : server.publishAddress()) + " "
                        + server.hostname();
        return new UpResult.GitLabAccess(server.externalUrl(), "root", ctx.layout().rootPasswordFile(), hostsLine,
                runnerState);
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
