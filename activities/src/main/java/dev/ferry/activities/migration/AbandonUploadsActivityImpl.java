package dev.ferry.activities.migration;

import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.ResumableWrites;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.AbandonUploadsActivity;
import dev.ferry.workflows.RangeInput;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the unfinished upload a paused range's resume point names (see {@link RangeHeartbeat}), at
 * the migration's destination.
 */
final class AbandonUploadsActivityImpl implements AbandonUploadsActivity {
  private static final Logger log = LoggerFactory.getLogger(AbandonUploadsActivityImpl.class);

  private final BackendResolver resolver;

  AbandonUploadsActivityImpl(BackendResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  @Override
  public void abandonUploads(RangeInput input) {
    RangeHeartbeat stoppedAt = RangeHeartbeat.fromResumePoint(input.resumeFrom());
    UploadHeartbeat upload = stoppedAt == null ? null : stoppedAt.upload();
    if (upload == null) {
      return;
    }
    try (StorageBackend destination = resolver.open(input.request().destination())) {
      if (destination instanceof ResumableWrites writes) {
        writes.abandon(upload.key(), upload.uploadId());
        log.info(
            "{}: dropped the unfinished upload of {} its cancelled migration kept for a resume",
            input.request().destination(),
            upload.key());
      }
    }
  }
}
