package dev.ferry.activities.migration;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.activities.storage.StorageBackend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a live migration's report from growing with every pass: the first range report a worker
 * opens in a new pass deletes the folders of the passes before the last two, but the first (see
 * {@link ReportParts#sweepPasses}). Each worker sweeps once a pass; sweeps are idempotent.
 */
final class ReportPassSweep {
  private static final Logger log = LoggerFactory.getLogger(ReportPassSweep.class);

  /** The last pass each migration was swept for in this worker. */
  private static final Map<String, Integer> SWEPT = new ConcurrentHashMap<>();

  private ReportPassSweep() {}

  /** Whether this is the first call for {@code pass} (or a later one) of the migration. */
  private static boolean firstFor(String migrationId, int pass) {
    boolean[] first = {false};
    SWEPT.compute(
        migrationId,
        (id, swept) -> {
          first[0] = swept == null || swept < pass;
          return first[0] ? pass : swept;
        });
    return first[0];
  }

  /** Sweeps migration {@code migrationId}'s report at {@code report} once for {@code pass}. */
  static void once(BackendResolver resolver, String report, String migrationId, int pass) {
    if (pass < 4 || !firstFor(migrationId, pass)) {
      return;
    }
    try (StorageBackend migration = resolver.open(ReportParts.location(report, migrationId))) {
      int deleted = ReportParts.sweepPasses(migration, pass);
      if (deleted > 0) {
        log.info(
            "report of {}: {} parts of passes 2 to {} deleted", migrationId, deleted, pass - 2);
      }
    } catch (RuntimeException e) {
      // The next pass sweeps what this one left.
      log.warn("report of {}: earlier passes not deleted: {}", migrationId, e.toString());
    }
  }
}
