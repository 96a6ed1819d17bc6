package dev.ferry.worker.client;

import dev.ferry.activities.config.FerryConfig;
import dev.ferry.activities.config.Location;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MaxDelete;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.Verification;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of {@code run} and {@code start} that shape a {@link MigrationRequest}.
 *
 * <p>It lives in client, not cli, because {@link MigrationStarter#start} reads it.
 */
public final class MigrationOptions {
  private static final List<String> REPORT_ACTIONS =
      List.of("copied", "skipped", "failed", "verified", "deleted", "would-copy", "would-delete");

  private static final Pattern WORKFLOW_ID = Pattern.compile("^[A-Za-z0-9._:@/=+-]{1,200}$");

  @Option(names = "--from", required = true, paramLabel = "LOC", description = "Source location.")
  public String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "LOC",
      description = "Destination location.")
  public String to;

  @Option(
      names = "--mode",
      paramLabel = "copy|move|sync",
      converter = WordConverters.ModeConverter.class,
      description =
          "copy keeps the source; move deletes each source object once verified; sync also"
              + " deletes destination objects the source no longer has.")
  Mode mode = Mode.COPY;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Ranges in flight at once, 1..1024 (default: ${DEFAULT-VALUE}).")
  int concurrency = MigrationRequest.DEFAULT_CONCURRENCY;

  @Option(
      names = "--verify",
      paramLabel = "none|size|checksum",
      converter = WordConverters.VerificationConverter.class,
      description = "How each copy is checked (default: checksum).")
  Verification verify = Verification.CHECKSUM;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      description = "Retries per step after the first attempt, 0..100 (default: ${DEFAULT-VALUE}).")
  int maxRetries = MigrationRequest.DEFAULT_MAX_RETRIES;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Only keys matching one of these globs (repeatable).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Skip keys matching these globs (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--if-exists",
      paramLabel = "skip-identical|overwrite|skip",
      converter = WordConverters.IfExistsConverter.class,
      description = "What to do with objects already at the destination (default: skip-identical).")
  IfExists ifExists = IfExists.SKIP_IDENTICAL;

  @Option(
      names = "--approve-delete",
      description =
          "With --mode move or sync: copy and verify, then delete nothing until 'ferry approve"
              + " ID'.")
  boolean approveDelete;

  @Option(
      names = "--max-delete",
      paramLabel = "N|N%",
      description =
          "With --mode sync: most destination objects one pass may delete, a number or a share"
              + " of the destination's objects (default: 10%%); a pass that would delete more"
              + " pauses and deletes nothing.")
  String maxDelete;

  @Option(
      names = "--live",
      description =
          "After the first pass, run catch-up passes until 'ferry cutover ID' (copy or sync).")
  boolean live;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "With --live: the wait between passes, e.g. 30s, 5m (default: 1m).")
  String interval;

  @Option(
      names = "--report",
      paramLabel = "LOC",
      description =
          "Keep a per-object report (one JSON line per object and step) under LOC/ID: read it with"
              + " ferry report ID. An embedded run keeps one under FERRY_HOME by default.")
  public String report;

  @Option(
      names = "--no-report",
      description = "Keep no report, not even the one an embedded run keeps by default.")
  public boolean noReport;

  @Option(names = "--dry-run", description = "Report what would be done; write and delete nothing.")
  boolean dryRun;

  @Option(
      names = "--files-from",
      paramLabel = "FILE|LOC",
      description =
          "Migrate exactly the keys listed: one per line, or a ferry report's JSON lines.")
  String filesFrom;

  @Option(
      names = "--files-from-action",
      paramLabel = "ACTION",
      split = ",",
      description =
          "With a report: only its lines of these actions (copied, skipped, failed, verified,"
              + " deleted, would-copy, would-delete; default: every line).")
  Set<String> filesFromActions = new LinkedHashSet<>();

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "Workflow id (default: ferry-<short uuid>); run again with it to resume.")
  String id;

  private Location source;
  private Location destination;

  /** The {@code --id} given, or null. */
  public String id() {
    return id;
  }

  /** The parsed {@code --from}, once {@link #validate} passed. */
  public Location source() {
    return source;
  }

  /** The parsed {@code --to}, once {@link #validate} passed. */
  public Location destination() {
    return destination;
  }

  /**
   * Refuses overlapping locations and profiles the config does not know (see {@link
   * Locations#check}); after {@link #validate}.
   */
  public void checkLocations(FerryConfig config, boolean local) {
    Locations.check(source, destination, config, local);
    if (report != null) {
      checkReport(config, local);
    }
  }

  /**
   * Checks the {@code --report} location against the migration's locations and normalizes it;
   * {@code local}: the workers run in this process, so a path must be writable here.
   */
  public void checkReport(FerryConfig config, boolean local) {
    Location location = Locations.parse("--report", report);
    Locations.checkReport(location, source, destination, config, local);
    report = location.toString();
  }

  /** Checks values and shapes and parses the locations, without contacting anything. */
  public void validate() {
    if (concurrency < 1 || concurrency > MigrationRequest.MAX_CONCURRENCY) {
      throw new BadInputException(
          "--concurrency " + concurrency + " is outside 1..1024", "pass e.g. --concurrency 8");
    }
    if (maxRetries < 0 || maxRetries > 100) {
      throw new BadInputException(
          "--max-retries " + maxRetries + " is outside 0..100", "pass e.g. --max-retries 5");
    }
    if (id != null && !WORKFLOW_ID.matcher(id).matches()) {
      throw new BadInputException(
          "--id '" + id + "' is not a valid workflow id",
          "use 1-200 letters, digits and . _ - : @ / = +");
    }
    if (approveDelete && mode == Mode.COPY) {
      throw new BadInputException(
          "--approve-delete holds the deletes of a move or sync, and this is a copy",
          "add --mode move or --mode sync, or drop --approve-delete");
    }
    checkPasses();
    if (noReport && report != null) {
      throw new BadInputException(
          "--report and --no-report contradict each other", "pass one of them");
    }
    if (!filesFromActions.isEmpty() && filesFrom == null) {
      throw new BadInputException(
          "--files-from-action filters the lines of --files-from, and there is none",
          "add --files-from REPORT, or drop --files-from-action");
    }
    for (String action : filesFromActions) {
      if (!REPORT_ACTIONS.contains(action)) {
        throw new BadInputException(
            "--files-from-action '" + action + "' is not a report action",
            "pass one of " + String.join(", ", REPORT_ACTIONS));
      }
    }
    checkGlobs("--include", include);
    checkGlobs("--exclude", exclude);
    source = Locations.parse("--from", from);
    destination = Locations.parse("--to", to);
  }

  /** Checks the sync and live options against the mode. */
  private void checkPasses() {
    if (maxDelete != null) {
      if (mode != Mode.SYNC) {
        throw new BadInputException(
            "--max-delete limits the deletes of a sync, and this is a " + modeName(),
            "add --mode sync, or drop --max-delete");
      }
      try {
        MaxDelete.parse(maxDelete);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(e.getMessage(), "pass e.g. --max-delete 100 or 5%");
      }
    }
    if (live && mode == Mode.MOVE) {
      throw new BadInputException(
          "--live runs catch-up passes of a copy or sync; a move deletes its sources",
          "use --mode copy or --mode sync with --live");
    }
    if (live && dryRun) {
      throw new BadInputException(
          "--live with --dry-run would never end", "drop one of them: a dry run is one pass");
    }
    if (interval != null && !live) {
      throw new BadInputException(
          "--interval sets the wait between live passes", "add --live, or drop --interval");
    }
    if (interval != null && Durations.parse("--interval", interval).isZero()) {
      // No wait at all would list the whole source again and again, as fast as it answers.
      throw new BadInputException(
          "--interval " + interval + " is not a positive duration",
          "pass the wait between passes, e.g. --interval 1m (the default)");
    }
  }

  private String modeName() {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  /** Whether these options name a {@code --files-from} list. */
  public boolean hasFilesFrom() {
    return filesFrom != null;
  }

  /** Whether these options ask for a live migration (catch-up passes until cutover). */
  public boolean live() {
    return live;
  }

  /** The key list written for {@code --files-from}, or null. */
  private Path keyList;

  /**
   * Reads and checks {@code --files-from} and writes the sorted key list the workers read; a bad
   * line is refused before anything is written.
   */
  public void prepareFilesFrom(Settings settings, PrintWriter err) {
    if (filesFrom == null) {
      return;
    }
    FilesFrom.Prepared list = FilesFrom.prepare(filesFrom, filesFromActions, settings);
    keyList = list.path();
    if (list.unnamedRanges() > 0) {
      err.println(
          "ferry: --files-from "
              + filesFrom
              + ": "
              + list.unnamedRanges()
              + " report line(s) stand for whole ranges and name no keys; their objects are not"
              + " in the list");
    }
  }

  /** Migrates exactly the keys of the key list at {@code path} instead of {@code --files-from}. */
  public void useKeyList(Path path) {
    keyList = path;
  }

  /** The key list written for {@code --files-from}, or null. */
  Path keyList() {
    return keyList;
  }

  /** The request for these options, once {@link #validate} passed. */
  MigrationRequest toRequest(boolean useSearchAttributes) {
    return new MigrationRequest(
            source.toString(),
            destination.toString(),
            mode,
            concurrency,
            verify,
            maxRetries,
            MigrationRequest.DEFAULT_RETRY_INTERVAL,
            include,
            exclude,
            ifExists,
            dryRun,
            MigrationRequest.DEFAULT_BATCH_OBJECTS,
            MigrationRequest.DEFAULT_BATCH_BYTES,
            useSearchAttributes)
        .withApproveDelete(approveDelete)
        .withPasses(
            maxDelete, live, interval == null ? null : Durations.parse("--interval", interval))
        .withReport(report)
        .withFilesFrom(keyList == null ? null : keyList.toString())
        .withRcloneGlobs(true);
  }

  private static void checkGlobs(String flag, List<String> globs) {
    for (String glob : globs) {
      if (glob.isEmpty()) {
        throw new BadInputException(flag + " is empty", "pass a glob such as '*.csv'");
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            flag + " '" + glob + "' is not a valid glob", "check its brackets and braces");
      }
    }
  }
}
