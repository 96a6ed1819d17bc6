package dev.ferry.workflows;

/** Whether sources are kept ({@code COPY}) or deleted once their copy is verified. */
public enum Mode {
  COPY,
  MOVE
}
