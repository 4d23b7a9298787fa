/**
 * The local GitLab of complete mode: readiness, the initial root password, and GitLab's documented runner
 * life cycle (a personal access token made with {@code gitlab-rails runner}, {@code POST /api/v4/user/runners},
 * {@code DELETE /api/v4/runners}) over its REST API. Depends on steps and below.
 */
package dev.runnerops.orchestrator.gitlab;
