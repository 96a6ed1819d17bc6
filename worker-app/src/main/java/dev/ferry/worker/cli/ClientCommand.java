package dev.ferry.worker.cli;

import dev.ferry.worker.client.ConnectionOptions;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The shape every client command shares: validate flags without contacting anything, resolve the
 * settings, open a {@link Session}, act, close the session.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

  @ParentCommand FerryCommand parent;

  @Override
  public final Integer call() {
    connection.validate();
    validate();
    Settings settings = Settings.resolve(connection);
    prepare(settings);
    Integer done = withoutSession(settings);
    if (done != null) {
      return done;
    }
    try (Session session = Session.open(settings, embedded(settings), err())) {
      return execute(session);
    }
  }

  /** Checks this command's own flags; throws {@link BadInputException}. Nothing is contacted. */
  void validate() {}

  /** Checks what can be checked against the config before connecting. */
  void prepare(Settings settings) {}

  /**
   * Does the work when it needs no Temporal (returns the exit code), else returns null and {@link
   * #execute} runs in a session.
   */
  Integer withoutSession(Settings settings) {
    return null;
  }

  /** Whether this command runs Temporal inside the process. */
  boolean embedded(Settings settings) {
    return connection.embedded;
  }

  /** Does the work; returns the exit code. */
  abstract int execute(Session session);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean terminal() {
    return parent != null && parent.terminal();
  }
}
