package dev.ferry.workflows;

import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * A copy or sync whose destination bucket or container was gone: what its finished ranges wrote
 * there went with it, so resumed where it stood it would count those objects as copied (an audit
 * resumed one with the stock CLI's signal and it ended COMPLETED with 77 of 2,000 objects missing).
 * Resumed, such a migration copies its pass again from the start; skipping identical objects makes
 * that cheap where the bucket came back with its objects. A move keeps going where it stood: the
 * sources of its finished ranges are deleted, and its deletes check the destination again.
 */
final class DestinationLoss {
  /** Change id: a resume after the destination was gone copies the pass again. */
  static final String COPY_AGAIN_AFTER_DESTINATION_GONE = "copy-again-after-destination-gone";

  /** Change id: any other resume first looks whether the destination was emptied meanwhile. */
  static final String LOOK_AT_DESTINATION_ON_RESUME = "look-at-destination-on-resume";

  /** Change id: the look on resume asks whether the pass's witness ranges are whole. */
  static final String LOOK_AT_WITNESSES_ON_RESUME = "look-at-witnesses-on-resume";

  /**
   * Change id: before the pass starts again, look whether the destination is empty, as preflight
   * did before the first pass.
   */
  static final String LOOK_WHETHER_EMPTY_BEFORE_COPY_AGAIN = "look-whether-empty-before-copy-again";

  private static final Logger log = Workflow.getLogger(DestinationLoss.class);

  private boolean copyAgainOnResume;
  private boolean copyAgainNow;
  private boolean lookNow;

  /**
   * The migration pauses itself with {@code reason}: returns the reason to show, which for a gone
   * destination says what resume will do, and for a move how many objects it had deleted from the
   * source ({@code sourcesDeleted}) after verifying them there, which are nowhere now.
   */
  String pausing(String reason, MigrationRequest request, long sourcesDeleted) {
    Mode mode = request.mode();
    if (!reason.startsWith(FerryFailures.DESTINATION_GONE)
        || !reason.endsWith(FerryFailures.GONE_START_AGAIN)) {
      return reason;
    }
    String gone = reason.substring(0, reason.length() - FerryFailures.GONE_START_AGAIN.length());
    if (mode == Mode.MOVE) {
      return sourcesDeleted == 0
          ? reason
          : gone
              + "; what was copied there went with it, and so did the "
              + sourcesDeleted
              + (sourcesDeleted == 1 ? " object" : " objects")
              + " this move deleted from the source after verifying them there: they are nowhere"
              + " now"
              + (request.report() == null ? "" : " (its --report names them)")
              + FerryFailures.START_AGAIN;
    }
    if (Workflow.getVersion(COPY_AGAIN_AFTER_DESTINATION_GONE, Workflow.DEFAULT_VERSION, 1) != 1) {
      return reason;
    }
    // Marked even if the migration was paused already (by an operator, say): the loss stands.
    copyAgainOnResume = true;
    return gone + FerryFailures.GONE_RESUME_COPIES_AGAIN;
  }

  /** A run that continues a paused one: its reason tells whether the destination was gone. */
  void restore(String pausedReason) {
    copyAgainOnResume =
        pausedReason != null && pausedReason.endsWith(FerryFailures.GONE_RESUME_COPIES_AGAIN);
  }

  /** The migration was resumed. */
  void resumed() {
    copyAgainNow |= copyAgainOnResume;
    lookNow = !copyAgainNow;
    copyAgainOnResume = false;
  }

  /** Whether the pass must start again from its first key before anything else runs. */
  boolean copyAgainNow() {
    return copyAgainNow;
  }

  /**
   * Whether the destination is empty as the pass starts again from its first key. Then, as after a
   * preflight that found it empty, an object a retry finds there identical was written by an
   * earlier attempt of its range (one killed, say) and counts as copied: without this look an
   * audit's kill -9 during such a pass counted 48 of 3,000 objects skipped in a bucket created
   * again empty.
   */
  static boolean emptyAsThePassStartsAgain(MigrationRequest request, RangePipeline ranges) {
    return Workflow.getVersion(LOOK_WHETHER_EMPTY_BEFORE_COPY_AGAIN, Workflow.DEFAULT_VERSION, 1)
            == 1
        && Boolean.TRUE.equals(PreflightStep.destinationEmptyNow(request, ranges));
  }

  /**
   * Whether a resume asks to look at the destination before anything else runs: a bucket deleted
   * and created again while the migration was paused by an operator fails no write, and an audit's
   * copy resumed so ended COMPLETED with 1,500 of 3,000 objects missing.
   */
  boolean lookNow() {
    return lookNow;
  }

  /**
   * Looks at the destination ({@link #lookNow}): where it lost objects the pass counted there, the
   * pass is copied again. Runs before the change look at whether it is empty, with {@code
   * Preflight}; later ones at whether it still holds the objects counted in the pass's first and
   * newest finished ranges ({@code witnesses}), so that a bucket created again with some objects in
   * it, which an audit's copy resumed as COMPLETED with 999 of 2,000 missing, is copied again too.
   */
  void look(
      MigrationRequest request,
      MigrationLedger ledger,
      List<Witness> witnesses,
      RangePipeline ranges) {
    lookNow = false;
    if (!worthLooking(request, ledger)) {
      return;
    }
    if (Workflow.getVersion(LOOK_AT_WITNESSES_ON_RESUME, Workflow.DEFAULT_VERSION, 1) == 1) {
      String lost = PreflightStep.destinationLostNow(request, ranges, witnesses);
      if (lost != null) {
        log.warn("the destination lost objects while the migration waited: {}", lost);
      }
      copyAgainNow = lost != null;
    } else {
      copyAgainNow = Boolean.TRUE.equals(PreflightStep.destinationEmptyNow(request, ranges));
    }
  }

  /**
   * Whether looking can tell anything: a copy or sync, not a dry run, that has counted objects at
   * its destination (a move's finished sources are deleted; its deletes check the destination).
   */
  private static boolean worthLooking(MigrationRequest request, MigrationLedger ledger) {
    return request.mode() != Mode.MOVE
        && !request.dryRun()
        && ledger.objectsCopied + ledger.objectsSkipped > 0
        && Workflow.getVersion(LOOK_AT_DESTINATION_ON_RESUME, Workflow.DEFAULT_VERSION, 1) == 1;
  }
}
