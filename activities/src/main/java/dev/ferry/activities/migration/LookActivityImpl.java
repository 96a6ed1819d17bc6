package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.LookActivity;
import dev.ferry.workflows.LookInput;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.RangeInput;
import dev.ferry.workflows.Witness;
import java.util.Objects;

/**
 * Looks whether a resumed migration's destination still holds what the pass counted there: it lists
 * each witness range on both sides and counts the source's objects the destination holds, stopping
 * at the count it looks for. It only lists: nothing is written, and a store fault fails the look
 * (the copies that follow meet it too and pause for it).
 */
final class LookActivityImpl implements LookActivity {
  private final BackendResolver resolver;

  LookActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public String lookAtDestination(LookInput input) {
    return BackgroundHeartbeat.during(() -> StorageFailures.translate(() -> look(input)));
  }

  private String look(LookInput input) {
    MigrationRequest request = input.request();
    try (StorageBackend destination = resolver.open(request.destination())) {
      if (input.witnesses().isEmpty()) {
        return PreflightActivityImpl.isEmpty(destination) ? "it holds no object" : null;
      }
      try (StorageBackend source = resolver.open(request.source())) {
        for (Witness w : input.witnesses()) {
          long found = count(request, w, source, destination);
          if (found < w.objects()) {
            return String.format(
                "it holds %,d of the %,d objects the pass counted there in range %s",
                found, w.objects(), w.range().describe());
          }
        }
      }
      return null;
    }
  }

  /**
   * The source's objects in {@code w}'s range that the destination holds at their size, counted up
   * to the number it witnessed. Other objects there do not count: an audit's sync whose bucket came
   * back holding an older backup's objects beside the keys it had copied found as many objects in
   * each range as it had counted, and ended with half the source missing. Both sides are walked as
   * verify walks them, pairing by name a key a store lists out of order.
   */
  private static long count(
      MigrationRequest request, Witness w, StorageBackend source, StorageBackend destination) {
    RangeInput range = new RangeInput(request, w.range(), Fingerprints.EMPTY);
    MergedListing listing =
        MergedListing.ofSourceKeys(range, w.range().startAfter(), source, destination);
    long found = 0;
    try {
      while (found < w.objects() && listing.hasNext()) {
        MergedListing.Entry e = listing.next();
        if (e.source() != null
            && e.destination() != null
            && e.source().size() == e.destination().size()) {
          found++;
        }
      }
    } catch (NotFoundException e) {
      return found; // a side's directory gone: what was not found is not there
    }
    return found;
  }
}
