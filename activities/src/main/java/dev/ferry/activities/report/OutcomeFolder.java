package dev.ferry.activities.report;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Folds one range's merged lines into one outcome per key, as the workflow's counters count:
 *
 * <ul>
 *   <li>a key with a {@code failed} line in any step is failed (verify or delete withdrew copy's
 *       outcome);
 *   <li>else its copy line decides: {@code copied} (or {@code would-copy}) or {@code skipped};
 *   <li>a key with a delete line alone is a destination object a sync deleted (or would): one
 *       delete, no object counted; one with a {@code kept} line alone, a destination object a sync
 *       kept as written since it listed it: no object counted;
 *   <li>a range line of copy (its activity ran out of retries, or the listing came back short)
 *       stands for {@code objects} failed objects it cannot name;
 *   <li>a range line of verify fails every key copy passed on (copied ones when {@code
 *       rejectsCopied > 0}, skipped ones when {@code rejectsSkipped > 0}); one of delete fails
 *       every key verify passed.
 * </ul>
 */
final class OutcomeFolder {
  private OutcomeFolder() {}

  /** The outcomes of one range, in key order; at most one range's objects are held. */
  static List<ObjectOutcome> fold(Iterator<ReportLine> lines) {
    List<ObjectOutcome> outcomes = new ArrayList<>();
    ReportLine verifyRange = null;
    ReportLine deleteRange = null;
    List<ReportLine> group = new ArrayList<>();
    while (lines.hasNext()) {
      ReportLine line = lines.next();
      if (line.namesRange()) {
        switch (line.step()) {
          case ReportLine.VERIFY -> verifyRange = line;
          case ReportLine.DELETE -> deleteRange = line;
          default -> outcomes.add(rangeFailure(line));
        }
        continue;
      }
      if (!group.isEmpty() && !group.get(0).key().equals(line.key())) {
        add(outcomes, group, verifyRange, deleteRange);
        group.clear();
      }
      group.add(line);
    }
    if (!group.isEmpty()) {
      add(outcomes, group, verifyRange, deleteRange);
    }
    return outcomes;
  }

  private static ObjectOutcome rangeFailure(ReportLine line) {
    long n = line.objects() == null ? 0 : line.objects();
    return new ObjectOutcome(null, ReportLine.FAILED, false, false, n, 0, line);
  }

  private static void add(
      List<ObjectOutcome> outcomes,
      List<ReportLine> lines,
      ReportLine verifyRange,
      ReportLine deleteRange) {
    ReportLine copy = null;
    ReportLine failure = null;
    ReportLine deletion = null;
    ReportLine kept = null;
    boolean verified = false;
    // A failed verify outweighs the store's check on arrival: such an object is not verified.
    boolean verifyFailed = false;
    for (ReportLine l : lines) {
      if (l.failed()) {
        failure = failure == null ? l : failure;
        verifyFailed |= ReportLine.VERIFY.equals(l.step());
      } else if (ReportLine.COPY.equals(l.step())) {
        copy = l;
        verified |= ReportLine.ON_ARRIVAL.equals(l.verifyMethod()); // the store checked it
      } else if (ReportLine.VERIFIED.equals(l.action())) {
        verified = true;
      } else if (ReportLine.DELETED.equals(l.action())
          || ReportLine.WOULD_DELETE.equals(l.action())) {
        deletion = l;
      } else if (ReportLine.KEPT.equals(l.action())) {
        kept = l;
      }
    }
    boolean deleted = deletion != null;
    if (copy == null && failure == null) {
      if (deleted) {
        // A destination object a sync deleted (or would) as the source no longer has it: one
        // delete, and no object of the source's.
        outcomes.add(
            new ObjectOutcome(deletion.key(), deletion.action(), true, false, 0, 0, deletion));
      } else if (kept != null) {
        outcomes.add(new ObjectOutcome(kept.key(), kept.action(), false, false, 0, 0, kept));
      }
      return; // else no step decided this key's outcome (a part went missing): nothing to count
    }
    long bytes = copy != null && copied(copy) && copy.size() != null ? copy.size() : 0;
    if (failure == null && copy != null) {
      if (verifyRange != null && passedOn(copy, verifyRange)) {
        failure = verifyRange.failureOf(copy.key());
        verifyFailed = true;
      } else if (deleteRange != null && verified) {
        failure = deleteRange.failureOf(copy.key());
      }
    }
    String key = lines.get(0).key();
    verified &= !verifyFailed;
    if (failure != null) {
      outcomes.add(new ObjectOutcome(key, ReportLine.FAILED, false, verified, 1, bytes, failure));
    } else {
      outcomes.add(new ObjectOutcome(key, copy.action(), deleted, verified, 1, bytes, copy));
    }
  }

  private static boolean copied(ReportLine copy) {
    return ReportLine.COPIED.equals(copy.action()) || ReportLine.WOULD_COPY.equals(copy.action());
  }

  /** Whether verify was to check {@code copy}'s object, which its range line now fails. */
  private static boolean passedOn(ReportLine copy, ReportLine verifyRange) {
    return switch (copy.action()) {
      case ReportLine.COPIED -> positive(verifyRange.rejectsCopied());
      case ReportLine.SKIPPED -> positive(verifyRange.rejectsSkipped());
      default -> false;
    };
  }

  private static boolean positive(Long n) {
    return n != null && n > 0;
  }
}
