/**
 * Readiness waits as small objects, after Testcontainers' wait strategies: a
 * {@link dev.runnerops.orchestrator.wait.ReadinessCheck} and a {@link dev.runnerops.orchestrator.wait.Poller}
 * that runs it until it passes, times out, or can no longer pass. Depends on engine, event and errors.
 */
package dev.runnerops.orchestrator.wait;
