package dev.ferry.worker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Which logs a command shows: warnings by default, more with {@code --debug}. Client commands also
 * silence the Temporal SDK's warnings (an in-process worker's activity retries and shutdown are
 * reported by the workflow and the summary, not as stack traces); {@code ferry worker} keeps them
 * for its operators. Java's own logging, which gRPC uses, is routed into the same levels and
 * stderr.
 */
final class CommandLogging {
  private CommandLogging() {}

  static synchronized void configure(boolean debug, boolean worker) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    routeJavaUtilLogging(context);
    if (debug) {
      StderrLogConfigurator.showStackTraces(context);
    }
    level(org.slf4j.Logger.ROOT_LOGGER_NAME, debug ? Level.INFO : Level.WARN);
    level("dev.ferry", debug ? Level.DEBUG : Level.WARN);
    level("io.temporal", debug ? Level.INFO : worker ? Level.WARN : Level.ERROR);
    // gRPC warns of each failed name lookup, several times a second, with a stack trace; the
    // SDK's own warnings (io.temporal) already tell a worker's operator that polls fail.
    level("io.grpc", debug ? Level.INFO : Level.ERROR);
    // The Azure SDK logs every error it throws, a wrong key as a paragraph of advice and XML:
    // ferry names each error itself, in one line.
    level("com.azure", debug ? Level.INFO : Level.OFF);
    // Says only that the server predates worker heartbeats; nothing an operator can act on.
    level("io.temporal.internal.worker.HeartbeatManager", debug ? Level.INFO : Level.ERROR);
  }

  private static void level(String logger, Level level) {
    ((Logger) LoggerFactory.getLogger(logger)).setLevel(level);
  }

  /** Once per JVM: java.util.logging records go to SLF4J, and logback's levels become theirs. */
  private static void routeJavaUtilLogging(LoggerContext context) {
    if (SLF4JBridgeHandler.isInstalled()) {
      return;
    }
    // Without it every record below the level would still be built and handed over, then dropped.
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}
