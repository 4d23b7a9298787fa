/**
 * The runner's side: gitlab-runner's config.toml (read, compared with the plan, rewritten key by key with
 * night-config), registration and unregistration through {@code gitlab-runner} in the runner container, and
 * the runner's own verdict ({@code gitlab-runner verify}). Depends on steps and below.
 */
package dev.runnerops.orchestrator.runner;
