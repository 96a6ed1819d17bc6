package dev.ferry.worker.host;

import dev.ferry.activities.migration.FerryActivities;
import dev.ferry.activities.storage.BackendResolver;
import dev.ferry.workflows.MigrationWorkflowImpl;
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
    worker.registerWorkflowImplementationTypes(MigrationWorkflowImpl.class);
  }

  /** Registers the activities, opening backends through {@code resolver}. */
  static void registerActivities(Worker worker, BackendResolver resolver) {
    worker.registerActivitiesImplementations(FerryActivities.create(resolver));
  }
}
