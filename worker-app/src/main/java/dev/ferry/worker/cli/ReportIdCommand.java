package dev.ferry.worker.cli;

import dev.ferry.worker.client.ReportAccess;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.embedded.FerryHome;
import picocli.CommandLine.Option;

/**
 * A command that reads a migration's report: found through the migration's request, at {@code
 * --location}, or (with no Temporal configured) where an embedded run keeps it.
 */
abstract class ReportIdCommand extends IdCommand {
  @Option(
      names = "--location",
      paramLabel = "LOC",
      description = "Read the report kept under LOC (the --report location) without Temporal.")
  String location;

  @Option(
      names = "--pass",
      paramLabel = "N",
      description =
          "Of a --live migration, read pass N's report (default: the last pass, whose lines prove"
              + " the destination matched the source); 0 reads the parts workers older than"
              + " per-pass folders wrote, every pass's together.")
  Integer pass;

  @Override
  void validate() {
    super.validate();
    if (pass != null && pass < 0) {
      throw new BadInputException(
          "--pass must be 0 or more: " + pass,
          "passes count from 1, as status shows them; 0 reads parts kept before pass folders");
    }
  }

  @Override
  final Integer withoutSession(Settings settings) {
    if (location == null && settings.targetConfigured()) {
      return null;
    }
    ReportAccess access =
        location != null
            ? ReportAccess.open(connection.configPath(), location, id, pass)
            : ReportAccess.local(FerryHome.reports(), id, pass);
    if (access == null) {
      if (!connection.embedded) {
        throw new BadInputException(
            "no report of migration " + id + " in " + FerryHome.reports(),
            "check the id, pass --location LOC (its --report), or --temporal HOST:PORT");
      }
      return null;
    }
    try (access) {
      if (location != null && access.reader().isEmpty()) {
        // Without Temporal nothing else can tell a wrong id or location from an empty report.
        throw new BadInputException(
            "no report of migration " + id + " under " + access.location(),
            "check the id, and that LOC is the --report location it was started with");
      }
      return fromReport(access, null);
    }
  }

  /** The migration's report, or null when it was started without {@code --report}. */
  final ReportAccess report(Session session) {
    String report = ReportAccess.reportOf(session, id);
    return report == null ? null : ReportAccess.open(connection.configPath(), report, id, pass);
  }

  /** Does the work from the report; {@code session} is null when Temporal was not asked. */
  abstract int fromReport(ReportAccess access, Session session);
}
