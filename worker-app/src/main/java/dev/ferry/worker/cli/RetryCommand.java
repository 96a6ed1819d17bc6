package dev.ferry.worker.cli;

import dev.ferry.worker.client.FilesFrom;
import dev.ferry.worker.client.MigrationStarter;
import dev.ferry.worker.client.ProgressWatcher;
import dev.ferry.worker.client.RetryPlan;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry retry ID}: a linked migration, {@code ID-retry-N}, of ID's locations and options
 * over exactly the keys ID failed; followed to its end like {@code run}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "retry",
    description =
        "Start a linked migration (ID-retry-N, same locations and options) over the objects ID"
            + " failed, and follow it.")
final class RetryCommand extends IdCommand {
  @Option(
      names = "--json",
      description = "At the end print the MigrationProgress JSON object only.")
  boolean json;

  @Override
  boolean embedded(Settings resolved) {
    return connection.embedded || !resolved.targetConfigured();
  }

  @Override
  int execute(Session session) {
    var described = session.describe(id);
    if (described.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new BadInputException(
          "migration " + id + " is still running; its failures are not final yet",
          "retry it once it ends (ferry watch " + id + ")");
    }
    RetryPlan plan = RetryPlan.of(session, described, connection.configPath());
    if (plan.keys().isEmpty() && plan.unnamed() > 0) {
      throw new BadInputException(
          "migration "
              + id
              + " failed "
              + plan.unnamed()
              + " object(s) only in whole ranges, whose keys nothing names",
          "run it again with the same locations and options: what it already copied is skipped");
    }
    if (plan.keys().isEmpty()) {
      throw new BadInputException(
          "migration " + id + " names no failed object to retry", "ferry status " + id);
    }
    Path keyList = FilesFrom.write(plan.keys());
    String retryId = nextId(session);
    MigrationStarter.startRetry(
        session,
        retryId,
        plan.request().withCheckpoint(null).withFilesFrom(keyList.toString()),
        id);
    err().println("ferry: " + plan.note());
    err().println("ferry: migration " + retryId + " (retry of " + id + ")");
    err().flush();
    return new ProgressWatcher(session, out(), err(), terminal(), json).watch(retryId);
  }

  /** {@code ID-retry-N} with the first N no migration has yet. */
  private String nextId(Session session) {
    for (int n = 1; ; n++) {
      String candidate = id + "-retry-" + n;
      if (session.describeIfAny(candidate).isEmpty()) {
        return candidate; // no workflow has this id
      }
    }
  }
}
