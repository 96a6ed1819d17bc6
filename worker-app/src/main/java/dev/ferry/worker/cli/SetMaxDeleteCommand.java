package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.workflows.MaxDelete;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry set-max-delete ID N|N%}: change a sync's delete limit (update {@code setMaxDelete}).
 * A pass the limit paused checks again on {@code ferry resume}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "set-max-delete",
    description = "Change how many destination objects a sync's pass may delete; then resume.")
final class SetMaxDeleteCommand extends IdCommand {
  /** The guard's pause reason: {@code would delete 20 objects, limit 10% of 150 ... = 15; ...}. */
  private static final Pattern GUARD_REASON =
      Pattern.compile(
          "would delete ([\\d,]+) objects, limit (?:\\d+% of ([\\d,]+) destination objects)?");

  @Parameters(index = "1", paramLabel = "N|N%", description = "New limit, e.g. 500 or 60%%.")
  String limit;

  @Override
  void validate() {
    super.validate();
    try {
      MaxDelete.parse(limit);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(
          e.getMessage(), "pass e.g. ferry set-max-delete " + id + " 500 (or 60%)");
    }
  }

  @Override
  int execute(Session session) {
    MigrationProgress p = progress(session, requireRunning(session, "change"));
    if (p.mode() != Mode.SYNC) {
      throw new BadInputException(
          "migration " + id + " is a " + p.mode().name().toLowerCase(Locale.ROOT) + ", not a sync",
          "--max-delete applies to migrations started with --mode sync");
    }
    String now = session.workflow(id).setMaxDelete(limit);
    out().println("max-delete of " + id + " is now " + now + whatResumeDoes(p, now));
    return ExitCode.OK;
  }

  /**
   * What {@code resume} does now, for a migration the guard paused: goes on, or pauses again when
   * the pass's deletes (named in the pause reason) are still over the new limit.
   */
  private String whatResumeDoes(MigrationProgress p, String now) {
    if (p.state() != MigrationState.PAUSED) {
      return "";
    }
    Matcher guard = GUARD_REASON.matcher(String.valueOf(p.pausedReason()));
    MaxDelete max = MaxDelete.parse(now);
    if (guard.find() && !(max.percent() && max.amount() >= 100)) {
      long would = Long.parseLong(guard.group(1).replace(",", ""));
      String destination = guard.group(2);
      if (max.percent() && destination == null) {
        // A share of a destination count the reason does not give: the workflow knows it.
        return String.format(
            "; the paused pass would delete %,d: 'ferry resume %s' checks it against the new"
                + " limit",
            would, id);
      }
      long allowed =
          max.limit(destination == null ? 0 : Long.parseLong(destination.replace(",", "")));
      if (would > allowed) {
        return String.format(
            "; the paused pass would delete %,d, still over it (%,d), so 'ferry resume %s' pauses"
                + " again",
            would, allowed, id);
      }
    }
    return "; 'ferry resume " + id + "' goes on";
  }
}
