/**
 * The state folder ({@code project.state_dir}): where each file lives ({@link
 * dev.runnerops.orchestrator.state.StateLayout}), writing files while remembering which ones the tool created
 * ({@link dev.runnerops.orchestrator.state.StateFiles}), and the project lock that lets one operation run at a
 * time ({@link dev.runnerops.orchestrator.state.ProjectLock}). Depends only on errors.
 */
package dev.runnerops.orchestrator.state;
