package dev.ferry.workflows;

/**
 * A sync's prune that the {@code --max-delete} guard holds, carried from one run of a pass to the
 * next: the range and its destination objects the source no longer has, as {@code CopyRange}
 * encoded them.
 *
 * @param range the range whose copy found them
 * @param extraneous the encoded destination objects
 */
public record HeldPrune(KeyRange range, String extraneous) {}
