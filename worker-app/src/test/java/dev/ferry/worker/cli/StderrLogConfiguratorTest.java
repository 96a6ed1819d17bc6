package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Ferry's logging set up in code: what reaches stderr, and that a named file still wins. */
class StderrLogConfiguratorTest {
  @Test
  void warningsReachStderrOneLineEachAndChatterDoesNot() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // as slf4j's provider gives its context
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream processErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure(context));
      context.getLogger("dev.ferry.Example").warn("disk nearly full");
      context.getLogger("dev.ferry.Example").info("chatter");
    } finally {
      System.setErr(processErr);
      context.stop();
    }
    String logged = captured.toString(StandardCharsets.UTF_8);
    assertTrue(
        logged.matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  dev\\.ferry\\.Example - disk nearly full\\R"),
        logged);
    assertFalse(logged.contains("chatter"), logged);
  }

  @Test
  void anExceptionIsItsCausesOnTheSameLineAndAStackTraceOnlyWithDebug() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream processErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    RuntimeException failure =
        new RuntimeException("poll failed", new java.io.IOException("UNAVAILABLE: io exception"));
    String plain;
    try {
      configure(context);
      context.getLogger("io.temporal.Poller").warn("Failure in poller thread", failure);
      plain = captured.toString(StandardCharsets.UTF_8);
      captured.reset();
      StderrLogConfigurator.showStackTraces(context);
      context.getLogger("io.temporal.Poller").warn("Failure in poller thread", failure);
    } finally {
      System.setErr(processErr);
      context.stop();
    }
    assertEquals(
        "WARN  io.temporal.Poller - Failure in poller thread (java.lang.RuntimeException: poll"
            + " failed; java.io.IOException: UNAVAILABLE: io exception)\n",
        plain.substring(plain.indexOf(' ') + 1));
    String debug = captured.toString(StandardCharsets.UTF_8);
    assertTrue(debug.contains("\tat "), debug);
    assertTrue(debug.contains("Caused by: java.io.IOException"), debug);
  }

  @Test
  void aConfigurationFileNamedByTheUserWins() {
    System.setProperty("logback.configurationFile", "mine.xml");
    try {
      assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure(new LoggerContext()));
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }

  private static ExecutionStatus configure(LoggerContext context) {
    StderrLogConfigurator configurator = new StderrLogConfigurator();
    configurator.setContext(context);
    return configurator.configure(context);
  }
}
