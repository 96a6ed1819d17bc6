package dev.ferry.workflows;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A page of per-object failures, answered by the {@code failures} query.
 *
 * @param offset index of the first failure in this page
 * @param total how many failures the workflow currently holds
 * @param failures the failures of this page, oldest first
 */
// A client older than the worker that answers reads the fields it knows.
@JsonIgnoreProperties(ignoreUnknown = true)
public record FailuresPage(int offset, int total, List<ObjectFailure> failures) {
  public FailuresPage {
    failures = List.copyOf(failures);
  }
}
