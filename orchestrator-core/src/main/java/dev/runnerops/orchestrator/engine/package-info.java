/**
 * The Docker Engine as the orchestrator needs it: {@link dev.runnerops.orchestrator.engine.DockerEngine}, verbs
 * over our own value types, and its docker-java implementation in parts (connection, create-command mapping,
 * pull progress, error translation). The only package that imports docker-java. Depends on plan (the specs it
 * creates) and errors; knows nothing above it.
 */
package dev.runnerops.orchestrator.engine;
