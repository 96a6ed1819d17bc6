package dev.ferry.worker.client;

import dev.ferry.workflows.FailuresPage;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.ObjectFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The failures a migration's workflow holds, read through its {@code failures} query. */
public final class WorkflowFailures {
  private static final int PAGE = 200;

  private WorkflowFailures() {}

  /**
   * Every failure migration {@code id} holds, oldest first, page by page; throws the SDK's {@code
   * WorkflowException} when no worker answers.
   */
  public static List<ObjectFailure> all(Session session, String id) {
    List<ObjectFailure> all = new ArrayList<>();
    FailuresPage page;
    do {
      page = session.workflow(id).failures(all.size(), PAGE);
      all.addAll(page.failures());
    } while (!page.failures().isEmpty() && all.size() < page.total());
    return all;
  }

  /** Whether {@code f} names a whole range (by its bounds) instead of a key. */
  public static boolean isRange(ObjectFailure f) {
    return FerryFailures.REASON_RANGE_FAILED.equals(f.reason());
  }

  /** Of {@code failures}, the whole-range ones whose bounds are not among {@code known}. */
  public static List<ObjectFailure> rangesBeyond(List<ObjectFailure> failures, Set<String> known) {
    return failures.stream().filter(f -> isRange(f) && !known.contains(f.key())).toList();
  }
}
