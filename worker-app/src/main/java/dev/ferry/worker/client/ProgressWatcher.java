package dev.ferry.worker.client;

import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.common.JvmShutdown;
import dev.ferry.worker.embedded.StateDisk;
import dev.ferry.worker.format.AverageRate;
import dev.ferry.worker.format.DryRunText;
import dev.ferry.worker.format.EtaCountdown;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.worker.format.LiveRate;
import dev.ferry.worker.format.PrintableKeys;
import dev.ferry.worker.format.ProgressText;
import dev.ferry.worker.format.RetryingActivity;
import dev.ferry.worker.format.ShownBytes;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowFailedException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows one migration to its end ({@code run}, {@code watch}): a live bar on a terminal, one
 * plain line every few seconds elsewhere, both on stderr; then the summary line (or the JSON
 * object) on stdout.
 */
public final class ProgressWatcher {
  private static final Duration TERMINAL_TICK = Duration.ofMillis(500);
  private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);
  private static final Duration NOTICE_AFTER = Duration.ofSeconds(2);

  private final Session session;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private final boolean json;
  private String notice;
  private final TemporalReach reach;
  private String reachNews;
  private boolean toldSilence;
  private boolean toldFull;

  public ProgressWatcher(
      Session session, PrintWriter out, PrintWriter err, boolean terminal, boolean json) {
    this.session = session;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.json = json;
    this.reach = new TemporalReach(session.target());
  }

  /**
   * Prints {@code line} on stderr once the migration has run for {@link #NOTICE_AFTER} without
   * ending: news for a run that goes on (how to follow it again), kept out of the output of one
   * refused at once, whose refusal is then all there is to read.
   */
  public ProgressWatcher withNotice(String line) {
    this.notice = line;
    return this;
  }

  /** Watches {@code id} until it ends, prints how it ended, returns the exit code. */
  public int watch(String id) {
    long begin = System.nanoTime();
    CompletableFuture<MigrationReport> result =
        session.untyped(id).getResultAsync(MigrationReport.class);
    MigrationProgress last = null;
    long lastPlain = begin; // the first plain line after a few seconds: short runs stay quiet
    boolean drawn = false;
    boolean toldApproval = false;
    boolean toldPause = false;
    Set<String> toldRetries = new HashSet<>();
    LiveRate rate = new LiveRate(Duration.ofSeconds(30).toNanos());
    EtaCountdown countdown = new EtaCountdown();
    ShownBytes shown = new ShownBytes();
    boolean answered = false;
    boolean toldNoWorker = false;
    while (!result.isDone()) {
      // Described first: it fails at once while Temporal is down, where a query waits long.
      DescribeWorkflowExecutionResponse describe = describe(id);
      // Until a worker answers, ask only when one polls: a query would wait long for none.
      String noWorker = answered ? null : noWorker(describe);
      MigrationProgress now = noWorker == null && !reach.down() ? query(id) : null;
      answered = now != null;
      if (JvmShutdown.inProgress()) {
        // Ctrl-C: an embedded run's Temporal stops with this process, not out of reach.
        err.print(drawn ? "\r\033[K" : "");
        err.flush();
        return ExitCode.INTERRUPTED;
      }
      if (notice != null && System.nanoTime() - begin >= NOTICE_AFTER.toNanos()) {
        err.print(drawn ? "\r\033[K" : "");
        err.println(notice);
        notice = null;
      }
      if (reachNews != null) {
        err.print(drawn ? "\r\033[K" : "");
        err.println("ferry: " + id + ": " + reachNews);
        err.flush();
        drawn = false;
        reachNews = null;
      }
      if (noWorker != null && !toldNoWorker) {
        err.print(drawn ? "\r\033[K" : "");
        err.println("ferry: " + id + ": " + noWorker);
        err.flush();
        drawn = false;
        toldNoWorker = true;
      }
      if (now != null) {
        last = now;
        long inFlight =
            now.state() == MigrationState.RUNNING
                ? shown.inFlight(now.bytesCopied(), inFlightBytes(id, describe))
                : shown.notRunning(now.bytesCopied());
        long moved = now.bytesCopied() + inFlight;
        long nanos = System.nanoTime();
        rate.sample(nanos, moved);
        now =
            AverageRate.soonerByBytesLeft(
                rate.applyTo(
                    countdown.applyTo(AverageRate.atLeast(now, moved, Instant.now()), nanos),
                    moved),
                moved);
        if (!toldApproval && now.awaitsDeleteApproval()) {
          err.print(drawn ? "\r\033[K" : "");
          err.println(
              "ferry: "
                  + id
                  + ": "
                  + PrintableKeys.of(now.pausedReason())
                  + "; approve with: ferry approve "
                  + id);
          toldApproval = true;
        }
        if (!toldPause
            && now.state() == MigrationState.PAUSED
            && !now.awaitsDeleteApproval()
            && !session.durable()) {
          // Nothing outside this process can reach its Temporal to resume it: an audit's run
          // sat paused for 13 minutes.
          err.print(drawn ? "\r\033[K" : "");
          err.println(
              "ferry: "
                  + id
                  + " paused; this run's Temporal is in memory, so nothing else can resume it:"
                  + " stop it (Ctrl-C), correct what the reason names and run again");
          toldPause = true;
        }
        if (describe != null) {
          for (RetryingActivity retry : PendingTransfers.retrying(describe)) {
            // Once per distinct failure: a retried preflight says why nothing moves yet.
            if (toldRetries.add(retry.activityType() + ": " + retry.lastFailure())) {
              err.print(drawn ? "\r\033[K" : "");
              err.println("ferry: " + id + ": retrying " + retry.describe());
            }
          }
        }
        if (terminal) {
          err.print("\r" + fit(ProgressText.bar(now, inFlight)) + "\033[K");
          err.flush();
          drawn = true;
        } else if (System.nanoTime() - lastPlain >= PLAIN_EVERY.toNanos()) {
          err.println(ProgressText.line(now, inFlight));
          err.flush();
          lastPlain = System.nanoTime();
        }
      }
      try {
        result.get(terminal ? TERMINAL_TICK.toMillis() : 1000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // not done yet, or done with a failure handled below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
    Outcome outcome = outcome(result, last, id);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
    if (outcome.message() != null && !json) {
      err.println("ferry: " + id + ": " + outcome.message());
    }
    if (DryRunText.applies(outcome.progress())) {
      out.println(
          json ? DryRunText.json(outcome.progress()) : DryRunText.summary(outcome.progress()));
    } else if (json) {
      out.println(JsonOutput.write(outcome.progress()));
    } else if (!outcome.countersKnown()) {
      // It ended before any answer: zeros and this watch's own time would read as its result.
      out.println(
          outcome.endedAs().toLowerCase(Locale.ROOT)
              + ": counters not known ("
              + outcome.whyCountersUnknown()
              + "); ferry status "
              + id
              + " shows the percent it last reported");
    } else {
      out.println(
          ProgressText.summary(
              outcome.progress(), ProgressText.elapsed(outcome.progress(), elapsed)));
    }
    out.flush();
    err.flush();
    return outcome.exitCode();
  }

  /** Cuts the bar to the terminal width ({@code $COLUMNS}), so that {@code \r} redraws it. */
  private static String fit(String bar) {
    int width = 120;
    String columns = System.getenv("COLUMNS");
    if (columns != null && columns.matches("[0-9]{2,4}")) {
      width = Integer.parseInt(columns);
    }
    return bar.length() < width ? bar : bar.substring(0, width - 1);
  }

  private MigrationProgress query(String id) {
    try {
      MigrationWorkflow migration = session.workflow(id);
      MigrationProgress answer = BoundedQuery.answer(migration::progress);
      if (answer == null) {
        if (!toldSilence) {
          heard(
              stateDiskFullOr(
                  "no worker answered within "
                      + BoundedQuery.WAIT.toSeconds()
                      + " s; if its worker died, start one (ferry worker), and this goes on"));
          toldSilence = true;
        }
        return null;
      }
      toldSilence = false;
      toldFull = false;
      heard(reach.answered());
      return answer;
    } catch (RuntimeException e) {
      heard(stateDiskFullOr(reach.failed(e)));
      return null; // not answerable this instant (e.g. the workflow is between runs)
    }
  }

  /**
   * {@code line}, or, when it is news and this command's own dev server has no room left for its
   * state, the line that says so: then it is neither down nor without a worker.
   */
  private String stateDiskFullOr(String line) {
    if (line == null || !session.embedded() || !session.durable()) {
      return line;
    }
    String full = StateDisk.full();
    if (full == null) {
      return line;
    }
    boolean told = toldFull;
    toldFull = true;
    return told ? null : full + "; make room there, and this goes on";
  }

  /** Keeps {@code news} of Temporal's reach, if any, for the loop to print. */
  private void heard(String news) {
    if (news != null) {
      reachNews = news;
    }
  }

  /**
   * What {@code id} waits for when no worker polls its task queue (it would print nothing while it
   * waits), else null.
   */
  private String noWorker(DescribeWorkflowExecutionResponse described) {
    if (described == null || reach.reconnecting()) {
      return null;
    }
    String queue = Session.taskQueueOf(described);
    if (session.hasWorker(queue)) {
      return null;
    }
    return "waiting: no worker polls task queue '"
        + queue
        + "'; start one with: ferry worker (with the same temporal settings), and this goes on";
  }

  /**
   * Bytes the ranges in flight wrote, which the progress just queried does not count: described
   * again, only ranges pending before and after the query count.
   */
  private long inFlightBytes(String id, DescribeWorkflowExecutionResponse before) {
    DescribeWorkflowExecutionResponse after = before == null ? null : describe(id);
    return after == null ? 0 : PendingTransfers.bytes(PendingTransfers.stillPending(before, after));
  }

  private DescribeWorkflowExecutionResponse describe(String id) {
    try {
      DescribeWorkflowExecutionResponse described = session.describe(id);
      heard(reach.answered());
      return described;
    } catch (RuntimeException e) {
      heard(stateDiskFullOr(reach.failed(e)));
      return null; // not answerable this instant; the next tick asks again
    }
  }

  private static Outcome outcome(
      CompletableFuture<MigrationReport> result, MigrationProgress last, String id) {
    try {
      return Outcome.of(result.get());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkflowFailedException failed) {
        return Outcome.of(failed, last, id);
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + id, e);
    }
  }
}
