package dev.ferry.workflows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The newest per-object failures, bounded so the workflow's memory and continue-as-new input stay
 * small; older ones are dropped (the counters still count them).
 */
final class FailureLog {
  /** Failures one run keeps for the {@code failures} query. */
  static final int CAPACITY = 1_000;

  /** Longest message kept, so a failure stays small in history and queries. */
  static final int MAX_MESSAGE = 200;

  private static final String ELISION = " ... ";

  private final Deque<ObjectFailure> failures = new ArrayDeque<>();

  void add(ObjectFailure failure) {
    String message = failure.message();
    if (message != null && message.length() > MAX_MESSAGE) {
      failure =
          new ObjectFailure(
              failure.key(), failure.reason(), shortened(message), failure.attempts());
    }
    failures.addLast(failure);
    while (failures.size() > CAPACITY) {
      failures.pollFirst();
    }
  }

  /**
   * {@code message} cut to {@link #MAX_MESSAGE} in its middle: a long key fills the middle, and the
   * store's reason comes last (an audit saw {@code put long3/uuuu...} and no reason at all).
   */
  static String shortened(String message) {
    int tail = MAX_MESSAGE * 2 / 3;
    int head = MAX_MESSAGE - tail - ELISION.length();
    return message.substring(0, head) + ELISION + message.substring(message.length() - tail);
  }

  void addAll(List<ObjectFailure> list) {
    list.forEach(this::add);
  }

  int size() {
    return failures.size();
  }

  /** A page, oldest first (no limit: all); offsets beyond the end give an empty page. */
  FailuresPage page(int offset, int limit) {
    int from = Math.max(0, offset);
    // No limit (the stock CLI's query without inputs sends 0): every failure held.
    int count = limit <= 0 ? failures.size() : limit;
    List<ObjectFailure> all = new ArrayList<>(failures);
    int to = (int) Math.min(all.size(), (long) from + count);
    List<ObjectFailure> page = from >= to ? List.of() : all.subList(from, to);
    return new FailuresPage(from, all.size(), page);
  }

  /** The newest {@code n} failures, oldest first. */
  List<ObjectFailure> newest(int n) {
    return newest(n, Long.MAX_VALUE);
  }

  /**
   * The newest failures, oldest first: at most {@code n}, and no more than fit in {@code maxBytes}
   * of JSON (see {@link PayloadBudget}).
   */
  List<ObjectFailure> newest(int n, long maxBytes) {
    List<ObjectFailure> all = new ArrayList<>(failures);
    int from = all.size();
    long bytes = 0;
    while (from > 0 && all.size() - from < n) {
      bytes += PayloadBudget.jsonBytes(all.get(from - 1));
      if (bytes > maxBytes) {
        break;
      }
      from--;
    }
    return List.copyOf(all.subList(from, all.size()));
  }
}
