package dev.ferry.worker.cli;

import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.activities.report.ReportReader;
import dev.ferry.activities.report.ReportTotals;
import dev.ferry.worker.client.ReportAccess;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.ReportText;
import dev.ferry.workflows.MigrationProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry report ID [--format jsonl|csv|summary]}: the merged per-object report of a migration
 * started with {@code --report}, streamed part by part.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "report",
    description = "Print the per-object report of a migration started with --report.")
final class ReportCommand extends ReportIdCommand {
  enum Format {
    jsonl,
    csv,
    summary
  }

  @Option(
      names = "--format",
      paramLabel = "jsonl|csv|summary",
      description =
          "jsonl: every line in key order (default); csv: the same as CSV; summary: totals,"
              + " compared with the progress counters.")
  Format format = Format.jsonl;

  @Override
  int execute(Session session) {
    ReportAccess access = report(session);
    if (access == null) {
      throw new BadInputException(
          "migration " + id + " keeps no report",
          "start migrations with --report LOC; ferry failures " + id + " lists its last failures");
    }
    try (access) {
      return fromReport(access, session);
    }
  }

  @Override
  int fromReport(ReportAccess access, Session session) {
    ReportReader reader = access.reader();
    if (reader.isEmpty()) {
      err()
          .println(
              "ferry: no report parts at "
                  + access.location()
                  + ": none written yet, or of a pass no longer kept (a live migration keeps pass"
                  + " 1 and its last two); --pass 0 reads parts written before passes had"
                  + " folders");
    }
    PrintWriter w = new PrintWriter(new BufferedWriter(out(), 1 << 16), false);
    int exit = ExitCode.OK;
    switch (format) {
      case jsonl -> {
        try (Stream<ReportLine> lines = reader.lines()) {
          lines.forEach(l -> w.println(json(l)));
        }
      }
      case csv -> {
        w.println(ReportLine.CSV_HEADER);
        try (Stream<ReportLine> lines = reader.lines()) {
          lines.forEach(l -> w.println(l.csv()));
        }
      }
      case summary -> exit = summary(w, reader.totals(), access, session);
      default -> throw new IllegalStateException("unknown format " + format);
    }
    w.flush();
    return exit;
  }

  /**
   * Prints the totals and their comparison with the progress counters; 1 when an ended migration's
   * differ (the report does not prove what the migration counted), else 0.
   */
  private int summary(PrintWriter w, ReportTotals t, ReportAccess access, Session session) {
    w.println("report " + access.location() + ": " + ReportText.totals(t));
    if (session == null) {
      w.println("progress counters not compared: the report was read without Temporal");
    } else {
      var described = session.describe(id);
      boolean running =
          described.getWorkflowExecutionInfo().getStatus()
              == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      try {
        MigrationProgress p = progress(session, described);
        if (pass != null && pass != p.pass()) {
          w.println(
              "progress counters not compared: they count pass " + p.pass() + ", not this one");
          return ExitCode.OK;
        }
        w.println(ReportText.comparison(t, p, running));
        return !running && ReportText.differ(t, p) ? ExitCode.FAILED : ExitCode.OK;
      } catch (BadInputException e) {
        w.println("progress counters unavailable: " + e.getMessage());
      }
    }
    return ExitCode.OK;
  }

  private static String json(ReportLine line) {
    try {
      return ReportParts.JSON.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
