package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.LookActivity;
import dev.ferry.workflows.LookInput;
import dev.ferry.workflows.Witness;
import java.util.Objects;

/**
 * Looks whether a resumed migration's destination still holds what the pass counted there: it lists
 * each witness range at the destination and counts, stopping at the count it looks for. It only
 * lists: nothing is written, and a store fault fails the look (the copies that follow meet it too
 * and pause for it).
 */
final class LookActivityImpl implements LookActivity {
  /** Keys a listing asks for per page. */
  private static final int PAGE = 1000;

  private final BackendResolver resolver;

  LookActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public String lookAtDestination(LookInput input) {
    return BackgroundHeartbeat.during(() -> StorageFailures.translate(() -> look(input)));
  }

  private String look(LookInput input) {
    try (StorageBackend destination = resolver.open(input.request().destination())) {
      if (input.witnesses().isEmpty()) {
        return PreflightActivityImpl.isEmpty(destination) ? "it holds no object" : null;
      }
      Listing listing = Listing.present(input.request(), destination);
      for (Witness w : input.witnesses()) {
        long found = count(listing, w);
        if (found < w.objects()) {
          return String.format(
              "it holds %,d of the %,d objects the pass counted there in range %s",
              found, w.objects(), w.range().describe());
        }
      }
      return null;
    }
  }

  /** The destination objects in {@code w}'s range, counted up to the number it witnessed. */
  private static long count(Listing listing, Witness w) {
    long found = 0;
    String after = w.range().startAfter();
    while (found < w.objects()) {
      ListPage page;
      try {
        page = listing.list(after, w.range().lastKey(), PAGE);
      } catch (NotFoundException e) {
        return found; // a destination directory gone holds nothing
      }
      found += page.objects().size();
      if (!page.truncated() || page.objects().isEmpty()) {
        return found;
      }
      after = page.lastKey();
    }
    return found;
  }
}
