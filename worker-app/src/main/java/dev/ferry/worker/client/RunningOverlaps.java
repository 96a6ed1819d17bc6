package dev.ferry.worker.client;

import dev.ferry.activities.config.Location;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.FerryNames;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.MigrationSummaries;
import dev.ferry.workflows.Mode;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.util.List;

/**
 * Refuses to start a migration on a place another running migration works on. Each verifies its own
 * ranges, so both end "verified" while the place matches neither: in an audit, a sync into the
 * destination of a running copy reported 3,000 objects copied and verified, and 642 of them held
 * the copy's bytes. Two copies into one destination (merging two sources) go ahead with a warning:
 * they conflict only where both sources hold a key. Locations are compared as written, so one place
 * reached through two profiles is not recognised.
 */
final class RunningOverlaps {
  /** Running migrations compared, newest first: enough for any fleet one person steers. */
  static final int MOST_COMPARED = 200;

  private RunningOverlaps() {}

  /**
   * Throws when {@code request} (to start as {@code id}) works on a place a running migration works
   * on; prints a warning where two copies share a destination. A dry run writes nothing and is
   * never refused; a server without visibility compares nothing.
   */
  static void refuse(Session session, String id, MigrationRequest request, PrintWriter err) {
    if (request.dryRun()) {
      return;
    }
    List<WorkflowExecutionMetadata> running;
    try {
      running =
          session
              .client()
              .listExecutions(
                  "WorkflowType=\""
                      + FerryNames.WORKFLOW_TYPE
                      + "\" AND ExecutionStatus=\"Running\"")
              .limit(MOST_COMPARED)
              .toList();
    } catch (RuntimeException noVisibility) {
      return;
    }
    for (WorkflowExecutionMetadata execution : running) {
      String other = execution.getExecution().getWorkflowId();
      MigrationRequest theirs = other.equals(id) ? null : requestOf(session, other);
      if (theirs == null || theirs.dryRun()) {
        continue;
      }
      String clash = clash(request, theirs);
      String what = "running migration " + other + " (" + summary(theirs) + ")";
      if (clash != null) {
        throw new BadInputException(clash + " " + what, fix(session, other));
      }
      if (sharesDestination(request, theirs)) {
        err.println(
            "ferry: --to "
                + request.destination()
                + " is also the destination of "
                + what
                + "; where both sources hold a key, the last to write it wins");
      }
    }
  }

  /** What to do: an embedded migration goes on only when a run hosts it again. */
  private static String fix(Session session, String other) {
    return "two migrations on one place leave it matching neither; "
        + (session.embedded()
            ? "finish "
                + other
                + " by running it again as it was started, with --id "
                + other
                + ", or cancel it (ferry cancel "
                + other
                + " --embedded)"
            : "wait for "
                + other
                + " (ferry watch "
                + other
                + "), or cancel it (ferry cancel "
                + other
                + ")")
        + ", or choose another location";
  }

  /**
   * How {@code mine} collides with {@code theirs}, as the start of a sentence naming them; null
   * when it does not (or only as two copies into one destination).
   */
  static String clash(MigrationRequest mine, MigrationRequest theirs) {
    Location myFrom = Location.parse(mine.source());
    Location myTo = Location.parse(mine.destination());
    Location theirFrom = Location.parse(theirs.source());
    Location theirTo = Location.parse(theirs.destination());
    if (Locations.overlap(myTo, theirFrom)) {
      return "--to " + myTo + " overlaps the source of";
    }
    if (Locations.overlap(myFrom, theirTo)) {
      return "--from " + myFrom + " overlaps the destination of";
    }
    if (Locations.overlap(myTo, theirTo) && !(isCopy(mine) && isCopy(theirs))) {
      return "--to " + myTo + " overlaps the destination of";
    }
    if (Locations.overlap(myFrom, theirFrom)
        && (mine.mode() == Mode.MOVE || theirs.mode() == Mode.MOVE)) {
      return "--from " + myFrom + " overlaps the source, which a move deletes, of";
    }
    return null;
  }

  private static boolean sharesDestination(MigrationRequest mine, MigrationRequest theirs) {
    return Locations.overlap(
        Location.parse(mine.destination()), Location.parse(theirs.destination()));
  }

  private static boolean isCopy(MigrationRequest request) {
    return request.mode() == Mode.COPY;
  }

  /** The migration's request, or null when it cannot be read (it ended meanwhile, say). */
  private static MigrationRequest requestOf(Session session, String id) {
    try {
      return session.request(id);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String summary(MigrationRequest request) {
    return MigrationSummaries.workflowSummary(request);
  }
}
