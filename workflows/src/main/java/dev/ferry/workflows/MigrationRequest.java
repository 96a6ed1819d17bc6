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
 * @param report where range activities write the per-object report ({@code --report LOC}, any
 *     location form); null for none
 * @param filesFrom the key list that replaces the source listing ({@code --files-from}): a path on
 *     the workers' machine of a sorted list the CLI wrote; null to migrate the whole source
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
    String report,
    String filesFrom) {

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
    report = report == null || report.isBlank() ? null : report;
  }

  /** The request before {@code filesFrom} existed (kept compatible). */
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
      MigrationCheckpoint checkpoint,
      boolean approveDelete,
      String report) {
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
        approveDelete,
        report,
        null);
  }

  /** The request before {@code report} existed (kept compatible). */
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
      MigrationCheckpoint checkpoint,
      boolean approveDelete) {
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
        approveDelete,
        null);
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
        null);
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
    return new MigrationRequest(
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
        next,
        approveDelete,
        report,
        filesFrom);
  }

  /** This request with another per-run history event budget (tests force continue-as-new). */
  public MigrationRequest withMaxHistoryEvents(int events) {
    return new MigrationRequest(
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
        events,
        checkpoint,
        approveDelete,
        report,
        filesFrom);
  }

  /** This request holding (or not) its deletes until the {@code approveDelete} signal. */
  public MigrationRequest withApproveDelete(boolean hold) {
    return new MigrationRequest(
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
        hold,
        report,
        filesFrom);
  }

  /** This request writing its per-object report to {@code location} (null: none). */
  public MigrationRequest withReport(String location) {
    return new MigrationRequest(
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
        approveDelete,
        location,
        filesFrom);
  }

  /** This request migrating only the keys of the sorted list at {@code keyList} (null: all). */
  public MigrationRequest withFilesFrom(String keyList) {
    return new MigrationRequest(
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
        approveDelete,
        report,
        keyList);
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

  /** Whether verified sources wait for the {@code approveDelete} signal before they are deleted. */
  public boolean holdsDeletes() {
    return approveDelete && mode == Mode.MOVE && !dryRun;
  }

  /** Whether ranges go through {@code VerifyRange} after {@code CopyRange}. */
  public boolean verifies() {
    return !dryRun && effectiveVerification() != Verification.NONE;
  }
}
