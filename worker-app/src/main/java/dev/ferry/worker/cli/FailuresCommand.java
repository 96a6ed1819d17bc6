package dev.ferry.worker.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.activities.report.ObjectOutcome;
import dev.ferry.activities.report.ReportLine;
import dev.ferry.activities.report.ReportParts;
import dev.ferry.worker.client.ReportAccess;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.WorkflowFailures;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.PrintableKeys;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.client.WorkflowException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry failures ID [--json]}: the objects a migration could not move. With a report, every
 * one of them, streamed from it; without, the newest ones the workflow keeps, saying so when that
 * is not all.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "failures",
    description = "List the objects a migration could not move, and why.")
final class FailuresCommand extends ReportIdCommand {
  /**
   * The {@code --json} shape: the failures, oldest first (key order from a report), how many are
   * listed, and the migration's failed-object counter (null when read from a report alone).
   */
  record FailureList(int total, List<ObjectFailure> failures, Long objectsFailed) {}

  @Option(names = "--json", description = "Print one JSON object {total, failures}.")
  boolean json;

  @Override
  int execute(Session session) {
    ReportAccess report = report(session);
    if (report != null) {
      try (report) {
        return fromReport(report, session);
      }
    }
    var described = session.describe(id);
    MigrationProgress progress = progress(session, described);
    List<ObjectFailure> all;
    try {
      all = WorkflowFailures.all(session, id);
    } catch (WorkflowException e) {
      progress(session, described); // reports the missing worker as bad input
      throw e;
    }
    int total = all.size();
    if (json) {
      out().println(JsonOutput.write(new FailureList(total, all, progress.objectsFailed())));
      return ExitCode.OK;
    }
    all.forEach(f -> out().println(text(f)));
    long ranges =
        all.stream().filter(f -> FerryFailures.REASON_RANGE_FAILED.equals(f.reason())).count();
    if (ranges > 0) {
      // A range's line stands for all of its objects: lines and objects are not one count.
      out()
          .println(
              String.format(
                  "%,d failed object%s and %,d failed range%s listed; the migration counts %,d"
                      + " objects failed (a range counts all it holds)",
                  total - ranges,
                  total - ranges == 1 ? "" : "s",
                  ranges,
                  ranges == 1 ? "" : "s",
                  progress.objectsFailed()));
      return ExitCode.OK;
    }
    out().println(total + " failed object" + (total == 1 ? "" : "s"));
    if (total < progress.objectsFailed()) {
      out()
          .println(
              String.format(
                  "showing the last %,d of %,d; run with --report to keep all",
                  total, progress.objectsFailed()));
    }
    return ExitCode.OK;
  }

  @Override
  int fromReport(ReportAccess access, Session session) {
    PrintWriter w = new PrintWriter(new BufferedWriter(out(), 1 << 16), false);
    long[] objects = {0};
    int[] listed = {0};
    Set<String> reportedRanges = new HashSet<>();
    try (Stream<ObjectOutcome> failures = access.reader().failures();
        JsonGenerator g = json ? ReportParts.JSON.getFactory().createGenerator(w) : null) {
      if (g != null) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // out() stays open
        g.writeStartObject();
        g.writeArrayFieldStart("failures");
      }
      failures.forEach(
          o -> {
            ObjectFailure f = failureOf(o);
            objects[0] += o.count();
            if (o.key() == null) {
              reportedRanges.add(f.key());
            }
            listed[0]++;
            print(w, g, f);
          });
      Counted counted = session == null ? null : counted(session, reportedRanges, objects[0]);
      if (counted != null) {
        counted.unrecorded().forEach(f -> print(w, g, f));
        listed[0] += counted.unrecorded().size();
      }
      long beyond = counted == null ? 0 : counted.objectsFailed() - objects[0];
      if (g != null) {
        g.writeEndArray();
        g.writeNumberField("total", listed[0]);
        g.writeNumberField("objectsFailed", objects[0] + Math.max(beyond, 0));
        g.writeEndObject();
        g.flush();
        w.println();
      } else {
        w.println(
            objects[0]
                + " failed object"
                + (objects[0] == 1 ? "" : "s")
                + " (report)"
                + (beyond > 0
                    ? "; the migration counted "
                        + beyond
                        + " more in ranges whose last attempt ended before writing to the report"
                        + (counted.unrecorded().isEmpty() ? "" : " (listed by their bounds)")
                    : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    w.flush();
    return ExitCode.OK;
  }

  /**
   * The migration's failed-object counter and the whole-range failures it holds that the report
   * lacks: a range attempt killed on its last try writes no line. Null when no worker answers.
   */
  private record Counted(long objectsFailed, List<ObjectFailure> unrecorded) {}

  private Counted counted(Session session, Set<String> reportedRanges, long reported) {
    long failed;
    try {
      failed = progress(session, session.describe(id)).objectsFailed();
    } catch (BadInputException e) {
      return null; // no worker to answer: the report alone
    }
    if (failed <= reported) {
      return new Counted(failed, List.of());
    }
    try {
      return new Counted(
          failed, WorkflowFailures.rangesBeyond(WorkflowFailures.all(session, id), reportedRanges));
    } catch (WorkflowException e) {
      return new Counted(failed, List.of()); // counted, but no worker to name the ranges
    }
  }

  private void print(PrintWriter w, JsonGenerator g, ObjectFailure f) {
    if (g == null) {
      w.println(text(f));
    } else {
      write(g, f);
    }
  }

  /** A report outcome as the failure record the {@code failures} query answers with. */
  private static ObjectFailure failureOf(ObjectOutcome o) {
    ReportLine l = o.line();
    int attempts = l.attempt() == null ? 0 : l.attempt();
    if (o.key() == null) {
      return new ObjectFailure(
          l.range(),
          l.reason(),
          o.count() + " objects failed in " + l.step() + ": " + l.error(),
          attempts);
    }
    return new ObjectFailure(o.key(), l.reason(), l.error(), attempts);
  }

  private static void write(JsonGenerator g, ObjectFailure f) {
    try {
      ReportParts.JSON.writeValue(g, f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(ObjectFailure f) {
    // Tab-separated, one line per failure: a key's own tabs and newlines are shown escaped.
    return PrintableKeys.of(f.key())
        + "\t"
        + f.reason()
        + "\t"
        + PrintableKeys.of(f.message())
        + " ("
        + f.attempts()
        + (f.attempts() == 1 ? " attempt)" : " attempts)");
  }
}
