package dev.ferry.workflows;

/**
 * Whether sources are kept ({@code COPY}), deleted once their copy is verified ({@code MOVE}), or
 * kept while destination objects the source no longer has are deleted ({@code SYNC}).
 */
public enum Mode {
  COPY,
  MOVE,
  SYNC
}
