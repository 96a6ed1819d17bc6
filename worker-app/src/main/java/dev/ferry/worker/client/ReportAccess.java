package dev.ferry.worker.client;

import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.worker.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A migration's report opened by the CLI: found through the migration's own request (its first
 * history event), at a location given, or where an embedded run keeps it. The location's profile
 * comes from the client's {@code ferry.yaml}.
 */
public final class ReportAccess implements AutoCloseable {
  private final String location;
  private final LocationAccess access;

  private ReportAccess(String location, LocationAccess access) {
    this.location = location;
    this.access = access;
  }

  /** The report location {@code id} was started with ({@code --report}), or null for none. */
  public static String reportOf(Session session, String id) {
    return session.request(id).report();
  }

  /**
   * The report of migration {@code id} kept under report location {@code reportLocation}: of its
   * last pass, for a {@code --live} migration.
   *
   * @throws BadInputException when the location cannot be opened with the client's config
   */
  public static ReportAccess open(String configPath, String reportLocation, String id) {
    return open(configPath, reportLocation, id, null);
  }

  /**
   * The report of pass {@code pass} of migration {@code id} (null: its last pass, or its only one)
   * kept under report location {@code reportLocation}.
   *
   * @throws BadInputException when the location cannot be opened with the client's config
   */
  public static ReportAccess open(
      String configPath, String reportLocation, String id, Integer pass) {
    String location = ReportParts.location(reportLocation, id);
    LocationAccess migration = LocationAccess.open(configPath, location);
    int chosen = pass != null ? pass : lastPass(migration);
    if (chosen == 0) {
      return new ReportAccess(location, migration);
    }
    migration.close();
    String ofPass = ReportParts.location(reportLocation, id, chosen);
    return new ReportAccess(ofPass, LocationAccess.open(configPath, ofPass));
  }

  private static int lastPass(LocationAccess migration) {
    try {
      return ReportParts.lastPass(migration.backend());
    } catch (NotFoundException e) {
      return 0; // nothing stored there yet
    }
  }

  /**
   * The report an embedded run of {@code id} kept under {@code reports} (FERRY_HOME), of pass
   * {@code pass} (null: the last), or null when there is none there.
   */
  public static ReportAccess local(Path reports, String id, Integer pass) {
    Path dir = reports.resolve(id);
    return Files.isDirectory(dir) ? open(null, reports.toString(), id, pass) : null;
  }

  /** Where the migration's parts are. */
  public String location() {
    return location;
  }

  /** A reader of the merged report. */
  public ReportReader reader() {
    return ReportReader.of(access.backend());
  }

  @Override
  public void close() {
    access.close();
  }
}
