package dev.runnerops.orchestrator.engine;

/**
 * What the engine said when asked to log in to a registry ({@code POST /auth}): it checks the credential against
 * the registry's {@code /v2/} exactly as it does before a pull, resolving the registry's name and trusting its
 * certificate the way a pull would.
 *
 * @param message the engine's or the registry's own words ("Login Succeeded", "unauthorized: ...")
 */
public record RegistryLogin(boolean succeeded, String message) {}
