/**
 * {@code doctor}: read-only checks that prove, on a user's machine, the path a CI job's ECR pull takes (engine,
 * runner container, helper, AWS credentials, each registry, a probe container built like a job container,
 * GitLab, config.toml), each with a verdict and a fix. Depends on runner, gitlab, steps and below.
 */
package dev.runnerops.orchestrator.doctor;
