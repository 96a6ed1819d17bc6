package dev.ferry.activities.migration;

import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.Verification;

/**
 * Whether a copy checks out against what copy recorded of its source: the source still in the state
 * copy read (else {@code SOURCE_CHANGED}), the destination there with the same size and, for {@code
 * CHECKSUM}, the same MD5 (stored where the store has one, else read back) as the bytes copy sent,
 * or where copy did not hash them (server-side copies, objects found identical) as the source's.
 * Before a delete, that last comparison takes only MD5s the stores computed themselves or read from
 * the bytes: a stored tag may sit beside other bytes, and an object found identical by its tag
 * would otherwise lose its source.
 */
final class CopyCheck {
  /** Why a copy does not check out: an {@code ObjectFailure} reason and message. */
  record Problem(String reason, String message) {
    static Problem verify(String message) {
      return new Problem(FerryFailures.REASON_VERIFY_FAILED, message);
    }
  }

  private CopyCheck() {}

  /**
   * Null when the copy {@code d} of {@code s} checks out at {@code level}, else what is wrong;
   * {@code beforeDelete} when the source is deleted if it does.
   */
  static Problem check(
      StorageBackend source,
      StorageBackend destination,
      ObjectInfo s,
      ObjectInfo d,
      FingerprintSet recorded,
      Verification level,
      boolean beforeDelete,
      RangeRun run) {
    if (!recorded.containsUnchanged(s)) {
      return new Problem(
          FerryFailures.REASON_SOURCE_CHANGED,
          "source changed after it was read; the copy may be of an older version");
    }
    if (d == null) {
      // A listing may miss an object that is there (some stores list entries being written next
      // to it unreliably): ask for the key itself before calling the copy missing.
      d = destination.stat(s.key()).orElse(null);
      if (d == null) {
        return Problem.verify("missing at the destination");
      }
    }
    if (d.size() != s.size()) {
      return Problem.verify("size differs: source " + s.size() + ", destination " + d.size());
    }
    if (level == Verification.CHECKSUM) {
      long copiedContent = recorded.contentOf(s.key());
      if (copiedContent != FingerprintSet.UNKNOWN) {
        // The source is unchanged since copy read it, so the bytes copy hashed are its bytes; a
        // tag at the destination is the one this copy wrote with them.
        String b = ObjectChecksums.of(destination, d, run.progressOf(d.key()));
        return FingerprintSet.contentHash(d.size(), b) == copiedContent
            ? null
            : Problem.verify("checksum differs: destination " + b + " is not what copy sent");
      }
      String b = checksum(destination, d, beforeDelete, run);
      String a = checksum(source, s, beforeDelete, run);
      if (!a.equals(b)) {
        return Problem.verify("checksum differs: source " + a + ", destination " + b);
      }
    }
    return null;
  }

  private static String checksum(
      StorageBackend backend, ObjectInfo info, boolean proven, RangeRun run) {
    return proven
        ? ObjectChecksums.proven(backend, info, run.progressOf(info.key()))
        : ObjectChecksums.of(backend, info, run.progressOf(info.key()));
  }
}
