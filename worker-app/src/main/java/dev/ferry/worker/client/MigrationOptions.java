package dev.ferry.worker.client;

import dev.ferry.worker.common.BadInputException;
import dev.ferry.workflows.IfExists;
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
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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
      paramLabel = "copy|move",
      converter = ModeConverter.class,
      description = "copy keeps the source; move deletes each source object once verified.")
  Mode mode = Mode.COPY;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Ranges in flight at once, 1..1024 (default: ${DEFAULT-VALUE}).")
  int concurrency = MigrationRequest.DEFAULT_CONCURRENCY;

  @Option(
      names = "--verify",
      paramLabel = "none|size|checksum",
      converter = VerificationConverter.class,
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
      converter = IfExistsConverter.class,
      description = "What to do with objects already at the destination (default: skip-identical).")
  IfExists ifExists = IfExists.SKIP_IDENTICAL;

  @Option(
      names = "--approve-delete",
      description =
          "With --mode move: copy and verify, then delete nothing until 'ferry approve ID'.")
  boolean approveDelete;

  @Option(
      names = "--report",
      paramLabel = "LOC",
      description =
          "Keep a per-object report (one JSON line per object and step) under LOC/ID: read it with"
              + " ferry report ID. An embedded run keeps one under FERRY_HOME by default.")
  public String report;

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
              + " deleted; default: every line).")
  Set<String> filesFromActions = new LinkedHashSet<>();

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "Workflow id (default: ferry-<short uuid>); run again with it to resume.")
  String id;

  /** Checks values and shapes without contacting anything. */
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
    if (approveDelete && mode != Mode.MOVE) {
      throw new BadInputException(
          "--approve-delete holds the deletes of a move, and this is a copy",
          "add --mode move, or drop --approve-delete");
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

  /** The request for these options, with locations already resolved by the caller. */
  MigrationRequest toRequest(String source, String destination, boolean useSearchAttributes) {
    return new MigrationRequest(
            source,
            destination,
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
        .withReport(report)
        .withFilesFrom(keyList == null ? null : keyList.toString());
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

  /**
   * Converts lower-case, dash-separated words into enum constants, listing the choices on error.
   */
  abstract static class WordConverter<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    WordConverter(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(name)) {
          return e;
        }
      }
      List<String> choices = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        choices.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new TypeConversionException(
          "'" + value + "' is not one of " + String.join(", ", choices));
    }
  }

  static final class ModeConverter extends WordConverter<Mode> {
    ModeConverter() {
      super(Mode.class);
    }
  }

  static final class VerificationConverter extends WordConverter<Verification> {
    VerificationConverter() {
      super(Verification.class);
    }
  }

  static final class IfExistsConverter extends WordConverter<IfExists> {
    IfExistsConverter() {
      super(IfExists.class);
    }
  }
}
