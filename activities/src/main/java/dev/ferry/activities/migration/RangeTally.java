package dev.ferry.activities.migration;

import dev.ferry.workflows.Fingerprints;
import dev.ferry.workflows.RangeResult;

/**
 * What one attempt of a range activity has counted so far, carried on from the previous attempt's
 * heartbeat: the counters of its {@link RangeResult}, the failures it names and the fingerprints it
 * passes on. Pure bookkeeping; {@link RangeRun} decides what to count.
 */
final class RangeTally {
  final CarriedFailures failures = new CarriedFailures();
  final FingerprintSet passedCopied;
  final FingerprintSet passedSkipped;
  final FingerprintSet extraneous;
  long destinationObjects;
  long copied;
  long skipped;
  long failed;
  long bytesCopied;
  long deleted;
  long rejectedCopied;
  long rejectedSkipped;
  long kept;

  /** Nothing counted: a range started from its beginning. */
  RangeTally() {
    passedCopied = new FingerprintSet();
    passedSkipped = new FingerprintSet();
    extraneous = new FingerprintSet();
  }

  /** What {@code partial}, an earlier attempt's heartbeat, had counted. */
  RangeTally(RangeResult partial) {
    copied = partial.copied();
    skipped = partial.skipped();
    failed = partial.failed();
    bytesCopied = partial.bytesCopied();
    deleted = partial.deleted();
    rejectedCopied = partial.rejectedCopied();
    rejectedSkipped = partial.rejectedSkipped();
    kept = partial.kept();
    failures.addAll(partial.failures());
    passedCopied = FingerprintSet.decode(partial.passed().copied());
    passedSkipped = FingerprintSet.decode(partial.passed().skipped());
    extraneous = FingerprintSet.decode(partial.extraneous());
    destinationObjects = partial.destinationObjects();
  }

  /** Objects given an outcome of copy's: copied, skipped or failed. */
  long seen() {
    return copied + skipped + failed;
  }

  RangeResult result() {
    return new RangeResult(
        copied,
        skipped,
        failed,
        bytesCopied,
        deleted,
        rejectedCopied,
        rejectedSkipped,
        failures.list(),
        new Fingerprints(passedCopied.encode(), passedSkipped.encode()),
        extraneous.encode(),
        destinationObjects,
        kept);
  }
}
