package dev.ferry.activities.migration;

import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.PayloadBudget;
import dev.ferry.workflows.RangeResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-object failures a range result carries: the first {@link RangeResult#MAX_FAILURES}, and
 * no more than fit in {@link PayloadBudget#FAILURE_BYTES} of JSON, so long keys of escaped
 * characters cannot push the result past the payload limits. The counters count every failure.
 */
final class CarriedFailures {
  private final List<ObjectFailure> failures = new ArrayList<>();
  private long bytes;

  /** Keeps {@code failure} if there is still room for it. */
  void add(ObjectFailure failure) {
    long size = PayloadBudget.jsonBytes(failure);
    if (failures.size() < RangeResult.MAX_FAILURES && bytes + size <= PayloadBudget.FAILURE_BYTES) {
      failures.add(failure);
      bytes += size;
    }
  }

  void addAll(List<ObjectFailure> list) {
    list.forEach(this::add);
  }

  List<ObjectFailure> list() {
    return List.copyOf(failures);
  }
}
