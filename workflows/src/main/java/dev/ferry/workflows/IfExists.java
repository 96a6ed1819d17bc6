package dev.ferry.workflows;

/** What to do when the destination already holds an object under the same key. */
public enum IfExists {
  /** Skip when size and checksum (or size and ETag) match, copy otherwise. */
  SKIP_IDENTICAL,
  /** Always copy. */
  OVERWRITE,
  /** Never touch an existing destination object. */
  SKIP
}
