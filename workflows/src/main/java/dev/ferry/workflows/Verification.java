package dev.ferry.workflows;

/** How a copy is checked before it counts as done (and before MOVE may delete its source). */
public enum Verification {
  NONE,
  SIZE,
  CHECKSUM
}
