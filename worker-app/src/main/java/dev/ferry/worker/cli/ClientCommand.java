package dev.ferry.worker.cli;

import dev.ferry.worker.client.Causes;
import dev.ferry.worker.client.ConnectionOptions;
import dev.ferry.worker.client.Session;
import dev.ferry.worker.client.Settings;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.common.JvmShutdown;
import dev.ferry.worker.embedded.StateDisk;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The shape every client command shares: validate flags without contacting anything, resolve the
 * settings, open a {@link Session}, act, close the session.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;

  @Spec CommandSpec spec;

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
    try (Session session =
        Session.open(settings, embedded(settings), err(), locations(), migration())) {
      return execute(session);
    } catch (RuntimeException e) {
      if (JvmShutdown.inProgress()) {
        // Stopped by a signal: the session's shutdown hook closed Temporal under the command, which
        // then failed ("Channel shutdown invoked"). What the signal stopped was said already.
        return ExitCode.INTERRUPTED;
      }
      String full = embedded(settings) && Causes.unavailable(e) ? StateDisk.full() : null;
      if (full != null) {
        // The dev server stopped answering, or died, for want of room: not a bug to --debug.
        String id = migration();
        throw new BadInputException(
            full, "make room there, then run again" + (id == null ? "" : " with --id " + id), e);
      }
      throw e;
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

  /** The locations this command's migration uses, which an embedded worker opens early. */
  List<String> locations() {
    return List.of();
  }

  /**
   * The migration an embedded worker of this command serves (it serves no other), or null for a
   * command that needs no worker.
   */
  String migration() {
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
    // The root, not the parent: a command may sit under a group such as `schedule`.
    return spec.root().userObject() instanceof FerryCommand ferry && ferry.terminal();
  }
}
