/**
 * The steps that converge a plan on the engine, one concern per class: images, the helper binary, the network,
 * containers, the job Docker config, and the checks made before anything is created
 * ({@link dev.runnerops.orchestrator.steps.Preflight}). {@link dev.runnerops.orchestrator.steps.StepsRunner}
 * runs them as numbered steps with typed outcomes. Depends on engine, plan, config, state, wait, event, errors.
 */
package dev.runnerops.orchestrator.steps;
