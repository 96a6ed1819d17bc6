package dev.ferry.workflows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts the source's {@code ListRanges} calls as the listing needs them, and hands a failed call's
 * reason to the migration, which pauses; while failures are held (during preflight) they wait,
 * since a refusal of the input must end the migration in one line, not pause it first.
 */
final class ListingCalls {
  private final SourceListing listing;
  private final RangePipeline ranges;
  private final MigrationLedger ledger;
  private final MigrationControl control;
  private final Supplier<MigrationRequest> request;
  private final Runnable listed;
  private final Consumer<String> failed;
  private List<String> held; // null unless failures are held

  ListingCalls(
      SourceListing listing,
      RangePipeline ranges,
      MigrationLedger ledger,
      MigrationControl control,
      Supplier<MigrationRequest> request,
      Runnable listed,
      Consumer<String> failed) {
    this.listing = listing;
    this.ranges = ranges;
    this.ledger = ledger;
    this.control = control;
    this.request = request;
    this.listed = listed;
    this.failed = failed;
  }

  /** Whether another call is due; none while the run drains for continue-as-new. */
  boolean needed(boolean draining) {
    return !draining && listing.needsMore(control.maxConcurrency());
  }

  /** Starts calls until no more is due. */
  void startNeeded(boolean draining) {
    while (needed(draining)) {
      start();
    }
  }

  /** Holds failures from now until {@link #releaseFailures}. */
  void holdFailures() {
    held = new ArrayList<>();
  }

  /** Hands on the failures held, and every later one as it comes. */
  void releaseFailures() {
    List<String> reasons = held;
    held = null;
    reasons.forEach(failed);
  }

  private void start() {
    ranges.activityStarted();
    listing.listMore(
        request.get(),
        control.maxConcurrency(),
        ledger::listed,
        error -> {
          ranges.activityEnded();
          if (error == null) {
            listed.run();
          } else if (!ActivityErrors.isCancellation(error)) {
            String reason = SideFaults.reasonOr(error, "listing the source failed: ");
            if (held != null) {
              held.add(reason);
            } else {
              failed.accept(reason);
            }
          }
        });
  }
}
