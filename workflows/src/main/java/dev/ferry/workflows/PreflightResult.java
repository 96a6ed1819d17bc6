package dev.ferry.workflows;

/**
 * Output of {@code Preflight}: what the two locations turned out to be.
 *
 * @param source the source backend's description (no secrets)
 * @param destination the destination backend's description (no secrets)
 * @param destinationEmpty whether the destination held no object when the migration started (false
 *     in histories recorded before it was reported)
 */
public record PreflightResult(String source, String destination, boolean destinationEmpty) {}
