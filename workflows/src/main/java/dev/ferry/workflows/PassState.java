package dev.ferry.workflows;

import java.util.List;

/**
 * Where a migration stands among its passes, carried over continue-as-new. A plain migration has
 * one pass; a live one runs catch-up passes until the {@code cutover} signal.
 *
 * @param pass the number of the pass running, from 1
 * @param passesCompleted passes that ended
 * @param lastPass what the last ended pass did, or null before one ended
 * @param cutoverRequested whether {@code cutover} was signalled
 * @param finalPass whether the pass running started after {@code cutover}: when it ends clean the
 *     migration completes
 * @param startedAtMillis when the pass running started
 * @param destinationObjects objects the pass found at the destination so far (the base of a
 *     percentage {@code --max-delete})
 * @param deletesFailed destination objects the pass failed to delete (a SYNC's)
 * @param guardPaused whether the {@code --max-delete} guard paused the pass running: the source may
 *     have been mended while it waited, after the pass had listed it, so the pass is no proof
 * @param heldPrunes the deletes the {@code --max-delete} guard holds for the pass's end, carried
 *     from a run that handed over in the middle of the pass
 * @param witnesses the first and the newest finished ranges of the pass running, at most {@link
 *     Passes#MAX_WITNESSES}; empty in states recorded before them
 */
public record PassState(
    int pass,
    int passesCompleted,
    PassSummary lastPass,
    boolean cutoverRequested,
    boolean finalPass,
    long startedAtMillis,
    long destinationObjects,
    long deletesFailed,
    boolean guardPaused,
    List<HeldPrune> heldPrunes,
    List<Witness> witnesses) {

  public PassState {
    pass = Math.max(1, pass);
    heldPrunes = heldPrunes == null ? List.of() : List.copyOf(heldPrunes);
    witnesses = witnesses == null ? List.of() : List.copyOf(witnesses);
  }

  /** The first pass, started at {@code nowMillis}. */
  public static PassState first(long nowMillis) {
    return new PassState(1, 0, null, false, false, nowMillis, 0, 0, false, List.of(), List.of());
  }
}
