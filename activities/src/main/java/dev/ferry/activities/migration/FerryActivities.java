package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;

/** The activity implementations a worker registers, built over one backend resolver. */
public final class FerryActivities {
  private FerryActivities() {}

  /**
   * All migration activities ({@code Preflight}, {@code LookAtDestination}, {@code ListRanges},
   * {@code CopyRange}, {@code VerifyRange}, {@code DeleteRange}, {@code PruneRange}, {@code
   * AbandonUploads}), ready for {@code Worker.registerActivitiesImplementations}. They are
   * thread-safe and open backends per call through {@code resolver}.
   */
  public static Object[] create(BackendResolver resolver) {
    RangeListings listings = new RangeListings();
    return new Object[] {
      new PreflightActivityImpl(resolver),
      new LookActivityImpl(resolver),
      new ListRangesActivityImpl(resolver, listings, System::nanoTime),
      new CopyRangeActivityImpl(resolver, listings),
      new VerifyRangeActivityImpl(resolver),
      new DeleteRangeActivityImpl(resolver),
      new PruneRangeActivityImpl(resolver),
      new AbandonUploadsActivityImpl(resolver)
    };
  }
}
