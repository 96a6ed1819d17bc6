package dev.ferry.activities.migration;

import dev.ferry.activities.migration.RangeRun.Origin;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.workflows.Fingerprints;

/** The objects a range's fingerprints name, as verify and delete look them up while listing. */
final class RecordedObjects {
  private final FingerprintSet copied;
  private final FingerprintSet skipped;

  private RecordedObjects(FingerprintSet copied, FingerprintSet skipped) {
    this.copied = copied;
    this.skipped = skipped;
  }

  static RecordedObjects of(Fingerprints fingerprints) {
    return new RecordedObjects(
        FingerprintSet.decode(fingerprints.copied()),
        FingerprintSet.decode(fingerprints.skipped()));
  }

  /** How copy counted {@code source} ({@code COPIED} or {@code SKIPPED}); null if not named. */
  Origin originOf(ObjectInfo source) {
    if (source == null) {
      return null;
    }
    if (copied.containsKey(source.key())) {
      return Origin.COPIED;
    }
    return skipped.containsKey(source.key()) ? Origin.SKIPPED : null;
  }

  /** Whether copy counted {@code key} as copied or skipped. */
  boolean named(String key) {
    return copied.containsKey(key) || skipped.containsKey(key);
  }

  /** The entries of the objects copy counted as {@code origin}. */
  FingerprintSet entries(Origin origin) {
    return origin == Origin.COPIED ? copied : skipped;
  }
}
