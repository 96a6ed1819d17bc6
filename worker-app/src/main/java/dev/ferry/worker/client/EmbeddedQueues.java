package dev.ferry.worker.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * The task queue an embedded command's worker polls. An embedded server keeps every migration of
 * its FERRY_HOME, and a worker takes whatever waits on its queue: on one shared queue a run would
 * serve an interrupted run's migration with its own config. So each migration has a queue of its
 * own, and a worker serves only the migration its command names.
 */
final class EmbeddedQueues {
  private EmbeddedQueues() {}

  /**
   * The queue of migration {@code migration}: the one it was started on when it exists (older
   * versions used the config's queue), else the config's queue and the id; null for no migration.
   */
  static String of(WorkflowServiceStubs stubs, Settings settings, String migration) {
    if (migration == null) {
      return null;
    }
    try {
      return Session.describe(stubs, settings.namespace(), migration)
          .getExecutionConfig()
          .getTaskQueue()
          .getName();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return settings.taskQueue() + "-" + migration;
      }
      throw e;
    }
  }
}
