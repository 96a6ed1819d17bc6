package dev.ferry.worker.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.Mode;
import java.io.IOException;
import java.util.Locale;

/**
 * How a finished dry run ends: what it would have done, never "copied". In a dry run the copy
 * counters count what would be written; a move would then delete every source copied or found
 * identical.
 */
public final class DryRunText {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DryRunText() {}

  /** Whether {@code p} is a dry run that finished, so its end is told as would-be counts. */
  public static boolean applies(MigrationProgress p) {
    return p.dryRun() && p.state() == MigrationState.COMPLETED;
  }

  /**
   * E.g. {@code dry run: would copy 7, skip 0, delete 7 (64.3 KiB); nothing was written}, then the
   * {@code --max-delete} pause a real sync would take.
   */
  public static String summary(MigrationProgress p) {
    return String.format(
        Locale.ROOT,
        "dry run: would copy %d, skip %d, delete %d (%s); %snothing was written%s",
        p.objectsCopied(),
        p.objectsSkipped(),
        wouldDelete(p),
        Units.bytes(p.bytesCopied()),
        p.objectsFailed() == 0 ? "" : p.objectsFailed() + " failed; ",
        p.wouldPause() == null ? "" : "; " + p.wouldPause());
  }

  /** The progress object with the would-be counts in fields of their own. */
  public static String json(MigrationProgress p) {
    try {
      ObjectNode node = (ObjectNode) MAPPER.readTree(JsonOutput.write(p));
      node.put("wouldCopy", p.objectsCopied());
      node.put("wouldSkip", p.objectsSkipped());
      node.put("wouldDelete", wouldDelete(p));
      node.put("wouldCopyBytes", p.bytesCopied());
      return JsonOutput.write(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the dry run's progress", e);
    }
  }

  /**
   * What a dry run counted as would-be deletes: a sync's destination objects the source does not
   * have, a move's sources it copied or found identical (not one {@code --if-exists skip} leaves).
   */
  private static long wouldDelete(MigrationProgress p) {
    return p.mode() == Mode.COPY ? 0 : p.objectsDeleted();
  }
}
