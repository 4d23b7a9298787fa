/**
 * The desired state, computed from the configuration alone: the network, the containers with their config
 * hash, the runner's config.toml entry, and what to do about what exists ({@link
 * dev.runnerops.orchestrator.plan.Reconciler}). Pure: no Docker, no file system. Depends on config and state
 * (for paths).
 */
package dev.runnerops.orchestrator.plan;
