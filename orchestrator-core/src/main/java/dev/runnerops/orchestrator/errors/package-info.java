/**
 * The exceptions the orchestrator raises on purpose: one small family whose fields say what went wrong
 * (a setting and its value; an action and its resource), so that a front end can map each kind to an exit
 * code. Public: embedding tools catch these. Depends on nothing.
 */
package dev.runnerops.orchestrator.errors;
