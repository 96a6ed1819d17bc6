package dev.ferry.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The source listing of one run: the cursor, the ranges listed but not started, and the one {@code
 * ListRanges} call that may be in flight. A listing error is handed to the workflow, which pauses.
 */
final class SourceListing {
  /**
   * Most ranges one {@code ListRanges} call returns: with two keys of up to 1 KiB per range its
   * result stays near 100 KiB at worst.
   */
  static final int MAX_RANGES_PER_LISTING = 50;

  private final Deque<KeyRange> pending = new ArrayDeque<>();
  private String cursor;
  private boolean inFlight;
  private boolean complete;

  /** Continues after {@code cursor} (null: from the start); {@code complete} if nothing is left. */
  void restore(String cursor, boolean complete) {
    this.cursor = cursor;
    this.complete = complete;
  }

  /** Whether another {@code ListRanges} call is due: fewer ranges waiting than slots. */
  boolean needsMore(int maxConcurrency) {
    return !complete && !inFlight && pending.size() < maxConcurrency;
  }

  /**
   * Starts one {@code ListRanges} call for up to twice {@code maxConcurrency} ranges; each listed
   * range goes to {@code listed} before it waits here; then {@code finished} gets the call's error,
   * or null.
   */
  void listMore(
      MigrationRequest request,
      int maxConcurrency,
      Consumer<KeyRange> listed,
      Consumer<RuntimeException> finished) {
    int max = Math.max(1, Math.min(MAX_RANGES_PER_LISTING, 2 * maxConcurrency));
    ListRangesActivity activity =
        Workflow.newActivityStub(
            ListRangesActivity.class,
            MigrationActivityOptions.listing(request, "list up to " + max + " ranges"));
    inFlight = true;
    Promise<ListRangesResult> result =
        Async.function(activity::listRanges, new ListRangesInput(request, cursor, max));
    result.handle(
        (r, e) -> {
          inFlight = false;
          if (e == null) {
            for (KeyRange range : r.ranges()) {
              pending.addLast(range);
              listed.accept(range);
              cursor = range.lastKey();
            }
            complete = complete || r.exhausted();
          }
          finished.accept(e);
          return null;
        });
  }

  boolean inFlight() {
    return inFlight;
  }

  boolean complete() {
    return complete;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  KeyRange nextPending() {
    return pending.pollFirst();
  }

  /** The ranges listed but never started: the next run lists them again. */
  Iterable<KeyRange> pending() {
    return pending;
  }

  /** Whether every range was listed and started. */
  boolean allStarted() {
    return complete && pending.isEmpty();
  }
}
