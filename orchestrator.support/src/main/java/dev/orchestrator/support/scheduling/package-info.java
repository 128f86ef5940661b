/**
 * How the scheduler and its plugins derive their views from API objects: resource lists into amounts, pods and
 * nodes into {@link dev.orchestrator.api.scheduler.PodInfo} and {@link dev.orchestrator.api.scheduler.NodeInfo},
 * utilisation for allocation scores, score rescaling, cycle state. The SPI package holds only the shapes; a fix
 * here is copied into the bundles that use it (bnd {@code -conditionalpackage}), never imported, so it changes no
 * contract and refreshes no other bundle.
 */
package dev.orchestrator.support.scheduling;
