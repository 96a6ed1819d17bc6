package dev.ferry.worker.cli;

import dev.ferry.worker.client.Session;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.JsonOutput;
import dev.ferry.workflows.FailuresPage;
import dev.ferry.workflows.ObjectFailure;
import io.temporal.client.WorkflowException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry failures ID [--json]}: every per-object failure, page by page. */
@Command(
    mixinStandardHelpOptions = true,
    name = "failures",
    description = "List the objects a migration could not move, and why.")
final class FailuresCommand extends IdCommand {
  private static final int PAGE = 200;

  /** The {@code --json} shape: every failure, oldest first, and how many there are. */
  record FailureList(int total, List<ObjectFailure> failures) {}

  @Option(names = "--json", description = "Print one JSON object {total, failures}.")
  boolean json;

  @Override
  int execute(Session session) {
    session.describe(id);
    List<ObjectFailure> all = new ArrayList<>();
    int total;
    try {
      FailuresPage page;
      do {
        page = session.workflow(id).failures(all.size(), PAGE);
        all.addAll(page.failures());
        total = page.total();
      } while (!page.failures().isEmpty() && all.size() < page.total());
    } catch (WorkflowException e) {
      progress(session); // reports the missing worker as bad input
      throw e;
    }
    if (json) {
      out().println(JsonOutput.write(new FailureList(total, all)));
      return ExitCode.OK;
    }
    for (ObjectFailure f : all) {
      out()
          .println(
              f.key()
                  + "\t"
                  + f.reason()
                  + "\t"
                  + f.message()
                  + " ("
                  + f.attempts()
                  + " attempts)");
    }
    out().println(total + " failed object" + (total == 1 ? "" : "s"));
    return ExitCode.OK;
  }
}
