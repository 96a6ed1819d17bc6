package dev.ferry.workflows;

/**
 * A finished range of the pass running and how many of its objects the migration counted at the
 * destination (copied or found identical there): on resume, a destination that holds fewer objects
 * in that range lost some of what the pass counted (see {@link DestinationLoss}).
 *
 * @param range the range, by its source keys
 * @param objects objects of the range counted at the destination
 */
public record Witness(KeyRange range, long objects) {}
