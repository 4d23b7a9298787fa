/**
 * The operations behind the commands: up, register, down, clean, status, logs. Each observes the engine once,
 * decides with the plan, declares its steps, then runs them, side by side where they are independent. Depends
 * on runner, gitlab, steps and below; the api's facade calls these.
 */
package dev.runnerops.orchestrator.operation;
