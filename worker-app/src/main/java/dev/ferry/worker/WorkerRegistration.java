package dev.ferry.worker;

import dev.ferry.activities.storage.BackendResolver;
import io.temporal.worker.Worker;

/**
 * What a ferry worker hosts: the migration workflow and the storage activities. Kept in one place
 * so that the standalone worker and the in-process worker of embedded mode register the same
 * things.
 */
final class WorkerRegistration {
  private WorkerRegistration() {}

  /** Registers the migration workflow implementation. */
  static void registerWorkflows(Worker worker) {
    throw new IllegalStateException(
        "this build has no migration workflow yet (" + worker.getTaskQueue() + ")");
  }

  /** Registers the activities, opening backends through {@code resolver}. */
  static void registerActivities(Worker worker, BackendResolver resolver) {
    throw new IllegalStateException(
        "this build has no migration activities yet ("
            + worker.getTaskQueue()
            + ", "
            + resolver
            + ")");
  }
}
