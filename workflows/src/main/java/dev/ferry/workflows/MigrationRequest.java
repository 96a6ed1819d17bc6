package dev.ferry.workflows;

import java.time.Duration;
import java.util.List;

/**
 * Everything a migration needs, without secrets: locations name profiles, never credentials.
 *
 * @param source source location ({@code NAME:BUCKET/PREFIX}, {@code NAME:PATH} or an absolute path)
 * @param destination destination location, same forms as {@code source}
 * @param mode copy or move
 * @param maxConcurrency ranges in flight at once, 1..1024
 * @param verification how each copy is checked
 * @param maxRetries retries per activity after the first attempt
 * @param initialRetryInterval first retry delay; later ones double
 * @param include globs an object key must match one of (empty: all)
 * @param exclude globs that exclude an object key
 * @param ifExists policy for objects already at the destination
 * @param dryRun report what would be done, write and delete nothing
 * @param batchMaxObjects most objects in one range
 * @param batchMaxBytes most bytes in one range (a larger object is a range of its own)
 * @param useSearchAttributes whether FerryState / FerryPercent are registered and may be upserted
 * @param maxHistoryEvents history events after which a run continues as new even when the server
 *     does not suggest it yet; 0 for the default ({@value #DEFAULT_MAX_HISTORY_EVENTS})
 * @param checkpoint the state carried over continue-as-new; null when a migration starts
 * @param approveDelete for a MOVE: copy and verify, then hold every delete until the {@code
 *     approveDelete} signal
 * @param maxDelete for a SYNC: most destination objects one pass may delete, {@code N} or {@code
 *     N%} of the destination objects it listed; null for {@value #DEFAULT_MAX_DELETE}
 * @param live after the first pass, run catch-up passes until the {@code cutover} signal
 * @param interval the wait between the end of one live pass and the start of the next
 * @param report where range activities write the per-object report ({@code --report LOC}, any
 *     location form); null for none
 * @param filesFrom the key list that replaces the source listing ({@code --files-from}): a path on
 *     the workers' machine of a sorted list the CLI wrote; null to migrate the whole source
 * @param rcloneGlobs whether {@code include} and {@code exclude} are anchored as rclone anchors
 *     them: a glob starting with {@code /} at the location's root, any other at any depth; false
 *     (requests of earlier clients): a glob with {@code /} matches the whole key, one without the
 *     key's last segment
 */
public record MigrationRequest(
    String source,
    String destination,
    Mode mode,
    int maxConcurrency,
    Verification verification,
    int maxRetries,
    Duration initialRetryInterval,
    List<String> include,
    List<String> exclude,
    IfExists ifExists,
    boolean dryRun,
    int batchMaxObjects,
    long batchMaxBytes,
    boolean useSearchAttributes,
    int maxHistoryEvents,
    MigrationCheckpoint checkpoint,
    boolean approveDelete,
    String maxDelete,
    boolean live,
    Duration interval,
    String report,
    String filesFrom,
    boolean rcloneGlobs) {

  public static final int DEFAULT_CONCURRENCY = 8;
  public static final int MAX_CONCURRENCY = 1024;
  public static final int DEFAULT_MAX_RETRIES = 5;
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_BATCH_OBJECTS = 1000;

  /**
   * Most objects in one range: a range's fingerprints (16 bytes per object, base64) travel in
   * activity payloads, which must stay far below 256 KiB.
   */
  public static final int MAX_BATCH_OBJECTS = 5_000;

  public static final String DEFAULT_MAX_DELETE = "10%";
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  public static final long DEFAULT_BATCH_BYTES = 256L * 1024 * 1024;

  /**
   * Default event budget of one run: below the server's 4,096-event suggestion, so a run ends even
   * on servers that never suggest continue-as-new (the test server).
   */
  public static final int DEFAULT_MAX_HISTORY_EVENTS = 3_500;

  public MigrationRequest {
    include = include == null ? List.of() : List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    mode = mode == null ? Mode.COPY : mode;
    verification = verification == null ? Verification.CHECKSUM : verification;
    ifExists = ifExists == null ? IfExists.SKIP_IDENTICAL : ifExists;
    initialRetryInterval =
        initialRetryInterval == null ? DEFAULT_RETRY_INTERVAL : initialRetryInterval;
    maxHistoryEvents = maxHistoryEvents <= 0 ? DEFAULT_MAX_HISTORY_EVENTS : maxHistoryEvents;
    maxDelete = maxDelete == null || maxDelete.isBlank() ? DEFAULT_MAX_DELETE : maxDelete.strip();
    interval = interval == null ? DEFAULT_INTERVAL : interval;
    report = report == null || report.isBlank() ? null : report;
    filesFrom = filesFrom == null || filesFrom.isBlank() ? null : filesFrom;
  }

  /** The request before {@code approveDelete} existed (kept compatible). */
  public MigrationRequest(
      String source,
      String destination,
      Mode mode,
      int maxConcurrency,
      Verification verification,
      int maxRetries,
      Duration initialRetryInterval,
      List<String> include,
      List<String> exclude,
      IfExists ifExists,
      boolean dryRun,
      int batchMaxObjects,
      long batchMaxBytes,
      boolean useSearchAttributes,
      int maxHistoryEvents,
      MigrationCheckpoint checkpoint) {
    this(
        source,
        destination,
        mode,
        maxConcurrency,
        verification,
        maxRetries,
        initialRetryInterval,
        include,
        exclude,
        ifExists,
        dryRun,
        batchMaxObjects,
        batchMaxBytes,
        useSearchAttributes,
        maxHistoryEvents,
        checkpoint,
        false,
        null,
        false,
        null,
        null,
        null,
        false);
  }

  /** The request as first published, without history budget or checkpoint (kept compatible). */
  public MigrationRequest(
      String source,
      String destination,
      Mode mode,
      int maxConcurrency,
      Verification verification,
      int maxRetries,
      Duration initialRetryInterval,
      List<String> include,
      List<String> exclude,
      IfExists ifExists,
      boolean dryRun,
      int batchMaxObjects,
      long batchMaxBytes,
      boolean useSearchAttributes) {
    this(
        source,
        destination,
        mode,
        maxConcurrency,
        verification,
        maxRetries,
        initialRetryInterval,
        include,
        exclude,
        ifExists,
        dryRun,
        batchMaxObjects,
        batchMaxBytes,
        useSearchAttributes,
        0,
        null);
  }

  /** This request carrying {@code next} into the next run. */
  public MigrationRequest withCheckpoint(MigrationCheckpoint next) {
    Changes c = new Changes(this);
    c.checkpoint = next;
    return c.request();
  }

  /** This request with another per-run history event budget (tests force continue-as-new). */
  public MigrationRequest withMaxHistoryEvents(int events) {
    Changes c = new Changes(this);
    c.maxHistoryEvents = events;
    return c.request();
  }

  /** This request holding (or not) its deletes until the {@code approveDelete} signal. */
  public MigrationRequest withApproveDelete(boolean hold) {
    Changes c = new Changes(this);
    c.approveDelete = hold;
    return c.request();
  }

  /** This request as a sync or live migration: {@code limit} null keeps the default. */
  public MigrationRequest withPasses(String limit, boolean livePasses, Duration every) {
    Changes c = new Changes(this);
    c.maxDelete = limit;
    c.live = livePasses;
    c.interval = every;
    return c.request();
  }

  /** This request writing its per-object report to {@code location} (null: none). */
  public MigrationRequest withReport(String location) {
    Changes c = new Changes(this);
    c.report = location;
    return c.request();
  }

  /** This request migrating only the keys listed in {@code keyList} (null: the whole source). */
  public MigrationRequest withFilesFrom(String keyList) {
    Changes c = new Changes(this);
    c.filesFrom = keyList;
    return c.request();
  }

  /** This request with its globs anchored as rclone anchors them (see {@link #rcloneGlobs}). */
  public MigrationRequest withRcloneGlobs(boolean asRclone) {
    Changes c = new Changes(this);
    c.rcloneGlobs = asRclone;
    return c.request();
  }

  /**
   * This request as a look that writes nothing: a dry run with no report (its preflight lists both
   * sides and writes no probe).
   */
  public MigrationRequest asLook() {
    Changes c = new Changes(this);
    c.dryRun = true;
    c.report = null;
    return c.request();
  }

  /** The options a {@code withX} method may change; the rest are copied as they are. */
  private static final class Changes {
    private final MigrationRequest r;
    private int maxHistoryEvents;
    private MigrationCheckpoint checkpoint;
    private boolean approveDelete;
    private String maxDelete;
    private boolean live;
    private Duration interval;
    private String report;
    private String filesFrom;
    private boolean rcloneGlobs;
    private boolean dryRun;

    Changes(MigrationRequest r) {
      this.r = r;
      maxHistoryEvents = r.maxHistoryEvents;
      checkpoint = r.checkpoint;
      approveDelete = r.approveDelete;
      maxDelete = r.maxDelete;
      live = r.live;
      interval = r.interval;
      report = r.report;
      filesFrom = r.filesFrom;
      rcloneGlobs = r.rcloneGlobs;
      dryRun = r.dryRun;
    }

    MigrationRequest request() {
      return new MigrationRequest(
          r.source,
          r.destination,
          r.mode,
          r.maxConcurrency,
          r.verification,
          r.maxRetries,
          r.initialRetryInterval,
          r.include,
          r.exclude,
          r.ifExists,
          dryRun,
          r.batchMaxObjects,
          r.batchMaxBytes,
          r.useSearchAttributes,
          maxHistoryEvents,
          checkpoint,
          approveDelete,
          maxDelete,
          live,
          interval,
          report,
          filesFrom,
          rcloneGlobs);
    }
  }

  /** A request with every option at its default. */
  public static MigrationRequest of(String source, String destination) {
    return new MigrationRequest(
        source,
        destination,
        Mode.COPY,
        DEFAULT_CONCURRENCY,
        Verification.CHECKSUM,
        DEFAULT_MAX_RETRIES,
        DEFAULT_RETRY_INTERVAL,
        List.of(),
        List.of(),
        IfExists.SKIP_IDENTICAL,
        false,
        DEFAULT_BATCH_OBJECTS,
        DEFAULT_BATCH_BYTES,
        false);
  }

  /**
   * The verification actually applied: a MOVE deletes only what was verified, so it checks at least
   * sizes even when {@code NONE} was asked for.
   */
  public Verification effectiveVerification() {
    return mode == Mode.MOVE && verification == Verification.NONE
        ? Verification.SIZE
        : verification;
  }

  /**
   * Whether deletes (a MOVE's of verified sources, a SYNC's of destination objects the source no
   * longer has) wait for the {@code approveDelete} signal.
   */
  public boolean holdsDeletes() {
    return approveDelete && (mode == Mode.MOVE || mode == Mode.SYNC) && !dryRun;
  }

  /** Whether ranges go through {@code VerifyRange} after {@code CopyRange}. */
  public boolean verifies() {
    return !dryRun && effectiveVerification() != Verification.NONE;
  }
}
