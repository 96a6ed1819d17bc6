package dev.ferry.worker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Ferry's logging, set up in code: warnings and errors to stderr, since stdout belongs to the CLI's
 * output (one JSON object with {@code --json}, say). The same read from a logback.xml cost every
 * command about 0.1 CPU s of XML parsing at start-up, a tenth of a {@code ferry status}. A file
 * named by {@code -Dlogback.configurationFile} still wins. Levels are CommandLogging's.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {
  private static final String HEAD = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg";

  /**
   * A record on one line: an exception as its chain of causes in brackets, e.g. {@code Failure in
   * poller thread (io.grpc.StatusRuntimeException: UNAVAILABLE: io exception; ...)}. A Temporal
   * outage made a worker print a stack trace for every failed poll (2,521 lines in 20 s).
   */
  private static final String ONE_LINE =
      HEAD
          + "%replace(%replace(%ex{0}){'[\\r\\n]+(Caused by: )?', '; '}){'^(.+?)(; )?$', ' ($1)'}"
          + "%n%nopex";

  /** With {@code --debug}: stack traces. */
  private static final String WITH_STACK_TRACES = HEAD + "%n";

  private static final String APPENDER = "STDERR";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName(APPENDER);
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder(context, ONE_LINE));
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN); // until CommandLogging sets the levels for the command it runs
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Makes ferry's stderr log print stack traces ({@code --debug}); nothing if it is not ours. */
  static void showStackTraces(LoggerContext context) {
    if (context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER)
        instanceof ConsoleAppender<ILoggingEvent> stderr) {
      stderr.stop();
      stderr.setEncoder(encoder(context, WITH_STACK_TRACES));
      stderr.start();
    }
  }

  private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}
