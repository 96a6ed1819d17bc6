package dev.ferry.worker.cli;

import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.IncompleteUploads;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.worker.client.Durations;
import dev.ferry.worker.client.LocationAccess;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.UploadsText;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry uploads LOC [--older-than DURATION] [--abort] [--json]}: the incomplete uploads a
 * location holds (what killed writers left, which the store keeps and bills), and with {@code
 * --abort} their removal. Talks to the store directly: no Temporal, no worker.
 *
 * <p>Exit codes: 0 listed (and all aborted), 1 the store failed (listing, or an abort), 2 bad input
 * (nothing is aborted then).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "uploads",
    description = {
      "List the incomplete uploads under a location (S3 multipart uploads, ferry's temporary"
          + " files in a directory); with --abort, abort them.",
      "An upload still being written is listed too, and aborting it makes its writer start"
          + " over: pass --older-than to leave running migrations alone."
    })
final class UploadsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "LOC", description = "NAME:BUCKET/PREFIX, NAME:PATH or a directory.")
  String location;

  @Option(
      names = "--older-than",
      paramLabel = "DURATION",
      description = "Only uploads started longer ago than this, e.g. 24h, 30m or 7d.")
  String olderThan;

  @Option(names = "--abort", description = "Abort the uploads listed.")
  boolean abort;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(
      names = "--config",
      paramLabel = "F",
      description = "Config file (default: $FERRY_CONFIG, else ./ferry.yaml).")
  String config;

  @Option(names = "--debug", description = "Show stack traces and debug logs.")
  boolean debug;

  @Override
  public Integer call() {
    Duration minAge = olderThan == null ? null : Durations.parse("--older-than", olderThan);
    try (LocationAccess access = LocationAccess.open(config, location)) {
      IncompleteUploads store = capability(access);
      Instant now = Instant.now();
      // A store's refusal reaches the command line's handler: exit 2 (wrong credentials, no such
      // bucket), or 1 for a failure that may pass.
      List<IncompleteUpload> listed =
          store.incompleteUploads().stream()
              .filter(u -> minAge == null || u.initiated().isBefore(now.minus(minAge)))
              .toList();
      Map<IncompleteUpload, String> failures = abort ? abortAll(store, listed) : null;
      String where = access.location().toString();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(JsonOutput.write(UploadsText.report(where, minAge, listed, now, failures)));
      } else {
        out.print(UploadsText.table(listed, now));
        out.println(
            failures == null
                ? UploadsText.summary(listed.size(), where, olderThan)
                : UploadsText.abortSummary(
                    listed.size() - failures.size(), listed.size(), where, olderThan));
      }
      out.flush();
      return failures == null || failures.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }

  /** The location's incomplete uploads; a location without them, or without a root, is refused. */
  private static IncompleteUploads capability(LocationAccess access) {
    if (!(access.backend() instanceof IncompleteUploads store)) {
      String reason = access.type() == null ? null : access.type().noIncompleteUploadsReason();
      String type = access.type() == null ? "this location" : "type " + access.type().name();
      throw new BadInputException(
          type
              + " keeps no incomplete uploads ferry can list"
              + (reason == null ? "" : "; " + reason),
          null);
    }
    boolean exists;
    try {
      exists = access.backend().rootExists();
    } catch (PermanentStorageException e) {
      throw new BadInputException(e.getMessage(), "check the location's path", e);
    }
    if (!exists) {
      throw new BadInputException(
          access.location() + " does not exist", "check the location's path");
    }
    return store;
  }

  /** Aborts each upload; returns the ones that failed, with the store's reason. */
  private Map<IncompleteUpload, String> abortAll(
      IncompleteUploads store, List<IncompleteUpload> uploads) {
    Map<IncompleteUpload, String> failures = new LinkedHashMap<>();
    for (IncompleteUpload upload : uploads) {
      try {
        store.abort(upload);
      } catch (StorageException e) {
        failures.put(upload, e.getMessage());
        err().println("ferry: " + e.getMessage());
      }
    }
    return failures;
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
