package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.worker.embedded.FerryHome;
import io.temporal.testing.TemporalDevServer;
import io.temporal.testing.TemporalDevServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code ferry.jar} run as a process, the way users run it. */
class FerryJarIT {
  private static final Path JAR = Path.of("target", "ferry.jar").toAbsolutePath();

  @TempDir Path tmp;
  private Path src;

  /** A finished process: exit code and output. */
  record Result(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    assertTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
    src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 50; i++) {
      Files.write(src.resolve("obj-" + i), new byte[i * 1000 + 1]);
    }
  }

  @Test
  void helpAndABadInput() throws Exception {
    Result help = ferry(List.of(), "--help");
    assertEquals(0, help.exit(), help.err());
    assertTrue(help.out().contains("set-concurrency"), help.out());

    Result bad = ferry(List.of(), "run", "--from", tmp.resolve("missing").toString(), "--to", "x");
    assertEquals(2, bad.exit());
    assertEquals(
        "ferry: source " + tmp.resolve("missing") + " does not exist\n  check the --from path\n",
        bad.err());
    assertEquals("", bad.out());
  }

  @Test
  void aTemporalHostThatDoesNotResolveIsNamedInOneLineWithoutGrpcsWarnings() throws Exception {
    // .invalid never resolves (RFC 6761). gRPC logs each failed lookup through
    // java.util.logging, which printed four stack traces here before ferry's own line.
    Result bad = ferry(List.of(), "list", "--temporal", "nosuchhost.invalid:7233");
    assertEquals(2, bad.exit(), bad.err());
    assertEquals(
        "ferry: cannot reach Temporal at nosuchhost.invalid:7233: no host is named"
            + " 'nosuchhost.invalid'\n"
            + "  correct the host (--temporal HOST:PORT or the config's temporal.target), or use"
            + " --embedded\n",
        bad.err());
  }

  @Test
  void runsInMemoryWithoutATemporalBinary() throws Exception {
    Path dst = tmp.resolve("dst");
    Result run =
        ferry(
            List.of("-Dferry.temporal.cli=none"),
            "run",
            "--from",
            src.toString(),
            "--to",
            dst.toString());
    assertEquals(0, run.exit(), run.err());
    assertTrue(
        run.out().startsWith("completed: 50 copied, 0 skipped, 0 failed, 0 deleted"), run.out());
    assertSameFiles(src, dst);
  }

  /**
   * The state directory and {@code ~} follow {@code $HOME}, as the launcher's class-data archive
   * does: the JVM's {@code user.home} comes from the password database, so with another HOME ferry
   * kept its reports under one home and the launcher its archive under the other.
   */
  @Test
  void aRunKeepsItsStateUnderHomeAndReadsTildeAsHome() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path launcher = Path.of("..", "ferry").toAbsolutePath().normalize();
    ProcessBuilder run =
        new ProcessBuilder(launcher.toString(), "run", "--from", src.toString(), "--to", "~/out")
            .directory(tmp.toFile());
    run.environment().remove("FERRY_HOME");
    run.environment().put("HOME", home.toString());
    run.environment().put("FERRY_JAVA_OPTS", "-Dferry.temporal.cli=none");
    Result result = finish(run.start(), Duration.ofSeconds(120));
    assertEquals(0, result.exit(), result.err());
    assertSameFiles(src, home.resolve("out"));
    assertTrue(
        result.err().contains("report in " + home.resolve(".ferry").resolve("reports")),
        result.err());
    assertTrue(Files.isDirectory(home.resolve(".ferry").resolve("cds")), "the launcher's archive");
  }

  /**
   * A user without HOME and without an entry in the password database has nowhere to keep state.
   */
  @Test
  void aRunWithoutAHomeDirectorySaysSoAndWritesNothing() throws Exception {
    Path dst = tmp.resolve("dst");
    List<String> command =
        List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "-Duser.home=?",
            "-jar",
            JAR.toString(),
            "run",
            "--from",
            src.toString(),
            "--to",
            dst.toString());
    ProcessBuilder run = new ProcessBuilder(command).directory(tmp.toFile());
    run.environment().remove("FERRY_HOME");
    run.environment().remove("HOME");
    Result result = finish(run.start(), Duration.ofSeconds(60));
    assertEquals(2, result.exit(), result.err());
    assertEquals(
        "ferry: ferry has no home directory to keep its state in: HOME is not set, and this user"
            + " has none in the password database\n"
            + "  set FERRY_HOME (or HOME) to a directory you can write\n",
        result.err());
    assertFalse(Files.exists(dst));
    assertFalse(Files.exists(tmp.resolve("?")));
  }

  @Test
  void twoEmbeddedRunsStartedAtOnceBothFinish() throws Exception {
    assumeTrue(FerryHome.temporalCli() != null, "no temporal binary on the PATH");
    // Both dev servers found 8233 free for their UI; the second to bind it exited at once.
    List<Process> runs = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      runs.add(
          start(
              List.of("-Dferry.home=" + tmp.resolve("home-" + name)),
              "run",
              "--from",
              src.toString(),
              "--to",
              tmp.resolve("dst-" + name).toString()));
    }
    for (Process run : runs) {
      Result result = finish(run, Duration.ofSeconds(120));
      assertEquals(0, result.exit(), result.err());
    }
    assertSameFiles(src, tmp.resolve("dst-a"));
    assertSameFiles(src, tmp.resolve("dst-b"));
  }

  @Test
  void anInterruptedEmbeddedRunResumesWithTheSameId() throws Exception {
    assumeTrue(FerryHome.temporalCli() != null, "no temporal binary on the PATH");
    for (int i = 0; i < 3000; i++) {
      Files.write(src.resolve("many-" + i), new byte[20_000]);
    }
    Path dst = tmp.resolve("dst");
    List<String> jvm = List.of("-Dferry.home=" + tmp.resolve("home"));
    String[] args = {
      "run",
      "--from",
      src.toString(),
      "--to",
      dst.toString(),
      "--id",
      "resume-me",
      "--concurrency",
      "1"
    };
    Path pidFile = tmp.resolve("home").resolve("temporal.pid");

    Process first = start(jvm, args);
    awaitMoreFiles(dst, 200, first);
    first.destroy(); // SIGTERM: the shutdown hook stops the worker, then the dev server
    assertTrue(first.waitFor(40, TimeUnit.SECONDS), "ferry did not stop on SIGTERM");
    assertFalse(alive(pidFile), "SIGTERM left the dev server running");

    // Another embedded run in the same home serves its own migration only: its worker, with its
    // own config, never takes the tasks the stopped run left waiting (which fail where that
    // config lacks their profiles).
    Path otherSrc = Files.createDirectories(tmp.resolve("other-src"));
    for (int i = 0; i < 400; i++) {
      Files.write(otherSrc.resolve("o-" + i), new byte[20_000]);
    }
    long interrupted = count(dst);
    Result another =
        finish(
            start(
                jvm,
                "run",
                "--from",
                otherSrc.toString(),
                "--to",
                tmp.resolve("another").toString(),
                "--id",
                "another",
                "--concurrency",
                "1"),
            Duration.ofSeconds(120));
    assertEquals(0, another.exit(), another.err());
    assertSameFiles(otherSrc, tmp.resolve("another"));
    assertEquals(
        interrupted, count(dst), "another run's worker copied the interrupted run's files");

    Process second = start(jvm, args);
    awaitMoreFiles(dst, 200, second);
    long orphan = Long.parseLong(Files.readString(pidFile).trim());
    second.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
    // Before: the dev server ran on, orphaned, until the next embedded run in this home.
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (alive(pidFile) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertFalse(alive(pidFile), "the dev server outlived a kill -9 of ferry");

    // The same id for other locations is refused, with advice that works without a server.
    Path other = tmp.resolve("other");
    Result elsewhere =
        finish(
            start(
                jvm,
                "run",
                "--from",
                src.toString(),
                "--to",
                other.toString(),
                "--id",
                "resume-me"),
            Duration.ofSeconds(60));
    assertEquals(2, elsewhere.exit(), elsewhere.err());
    assertTrue(
        elsewhere
            .err()
            .contains("resume it by running it again as it was started, with --id resume-me"),
        elsewhere.err());
    assertFalse(Files.exists(other), "a refused run wrote its destination");

    Result third = finish(start(jvm, args), Duration.ofSeconds(120));
    assertEquals(0, third.exit(), third.err());
    assertTrue(third.out().startsWith("completed: "), third.out());
    assertTrue(third.out().contains(" 0 failed"), third.out());
    assertSameFiles(src, dst);
    assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "orphan kept");
    assertFalse(alive(pidFile), "the dev server outlived ferry");

    // Each command ends its dev server with SIGKILL: what it committed is still there.
    Result list = finish(start(jvm, "list", "--embedded"), Duration.ofSeconds(60));
    assertEquals(0, list.exit(), list.err());
    assertTrue(
        list.out().lines().anyMatch(l -> l.startsWith("resume-me ") && l.contains("COMPLETED")),
        list.out());
    assertFalse(alive(pidFile), "the dev server outlived ferry list");
  }

  /**
   * A paused run whose Temporal is in memory tells the user to stop it with Ctrl-C. Doing so once
   * printed "ferry: StatusRuntimeException: UNAVAILABLE: Channel shutdown invoked": the shutdown
   * hook had closed Temporal under the command.
   */
  @Test
  void aPausedInMemoryRunStoppedWithCtrlCEndsWithoutAnExceptionName() throws Exception {
    List<String> java = List.of(ProcessHandle.current().info().command().orElse("java"));
    List<String> jvm = List.of("-Dferry.temporal.cli=none", "-Dferry.home=" + tmp.resolve("home"));
    String said = ctrlCOnAPausedSync(concat(java, jvm, List.of("-jar", JAR.toString())));
    assertTrue(said.contains("nothing else can resume it: stop it (Ctrl-C)"), said);
    assertFalse(said.contains("Exception"), said);
  }

  /**
   * With the dev server, through the launcher as a user's first run: Ctrl-C on a paused run once
   * said "cannot reach Temporal at the embedded dev server (UNAVAILABLE); still trying" and exited
   * 1, as the shutdown hook had stopped that server under the command.
   */
  @Test
  void aPausedDevServerRunStoppedWithCtrlCSaysOnlyHowToGoOn() throws Exception {
    assumeTrue(FerryHome.temporalCli() != null, "no temporal binary on the PATH");
    Path launcher = Path.of("..", "ferry").toAbsolutePath().normalize();
    String said =
        ctrlCOnAPausedSync(List.of("FERRY_HOME=" + tmp.resolve("home"), launcher.toString()));
    assertTrue(said.contains("interrupted? run again with --id"), said);
    assertFalse(said.contains("cannot reach Temporal"), said);
    assertFalse(said.contains("Exception"), said);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /**
   * Starts {@code ferry} (the command that runs it) on a sync that pauses (it would delete every
   * destination file), waits until it says so, presses Ctrl-C; returns stderr once ferry exited
   * with 130 and deleted nothing.
   */
  private String ctrlCOnAPausedSync(List<String> ferry) throws Exception {
    Path dst = Files.createDirectories(tmp.resolve("dst"));
    for (int i = 0; i < 20; i++) {
      Files.write(dst.resolve("old-" + i), new byte[] {1});
    }
    Path err = tmp.resolve("err.txt");
    // In a process group of its own, which Ctrl-C signals whole, as a terminal does; with SIGINT's
    // default action, which a terminal gives but a background shell (a CI's, say) takes away.
    List<String> command =
        concat(
            List.of("setsid", "env", "--default-signal=INT"),
            ferry,
            List.of("run", "--mode", "sync", "--from", src.toString(), "--to", dst.toString()));
    Process run =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      String paused = "migration paused itself: would delete 20 objects";
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!Files.readString(err).contains(paused) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(Files.readString(err).contains(paused), Files.readString(err));
      // As a user reads it before pressing Ctrl-C: the command waits in its progress loop by then.
      Thread.sleep(3000);

      new ProcessBuilder("kill", "-INT", "--", "-" + run.pid()).start().waitFor();
      assertTrue(run.waitFor(40, TimeUnit.SECONDS), "ferry did not stop on Ctrl-C");
      String said = Files.readString(err);
      assertEquals(130, run.exitValue(), said);
      assertEquals(50 + 20, count(dst), "the paused sync copied its 50 files and deleted nothing");
      return said;
    } finally {
      // A failed test leaves no ferry, worker or dev server running on into the next ones.
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  /** Waits until {@code more} further files appear in {@code dir} while {@code ferry} runs. */
  private static void awaitMoreFiles(Path dir, long more, Process ferry) throws Exception {
    long target = count(dir) + more;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (count(dir) < target && System.nanoTime() < deadline && ferry.isAlive()) {
      Thread.sleep(100);
    }
    assertTrue(ferry.isAlive(), "the run ended before it could be interrupted");
  }

  /** Whether the dev server whose pid embedded mode recorded is still running. */
  private static boolean alive(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void workerServesMigrationsAndMetricsAndStopsOnSigterm() throws Exception {
    Path cli = FerryHome.temporalCli();
    assumeTrue(cli != null, "no temporal binary on the PATH");
    try (TemporalDevServer server =
        TemporalDevServer.start(
            TemporalDevServerOptions.newBuilder()
                .setExistingPath(cli.toString())
                .setDownloadEnabled(false)
                .setLogFile(tmp.resolve("server.log").toString())
                .build())) {
      int metricsPort = freePort();
      Path workerLog = tmp.resolve("worker.err");
      Process worker =
          startLogged(
              workerLog,
              "worker",
              "--temporal",
              server.getTarget(),
              "--metrics-port",
              Integer.toString(metricsPort));
      Path dst = tmp.resolve("dst");
      Result run =
          finish(
              start(
                  List.of(),
                  "run",
                  "--temporal",
                  server.getTarget(),
                  "--from",
                  src.toString(),
                  "--to",
                  dst.toString()),
              Duration.ofSeconds(60));
      assertEquals(0, run.exit(), run.err());
      assertSameFiles(src, dst);

      String metrics = scrape(metricsPort, "ferry_objects_copied");
      assertTrue(metrics.contains("ferry_objects_copied"), metrics);
      assertTrue(metrics.contains("temporal_"), metrics);

      worker.destroy(); // SIGTERM
      assertTrue(worker.waitFor(40, TimeUnit.SECONDS), "worker did not stop on SIGTERM");
      String err = Files.readString(workerLog);
      assertTrue(err.contains("ferry worker ferry@"), err);
      assertTrue(err.contains("stopping"), err);
      assertFalse(err.contains("Exception"), err);
    }
  }

  private Process start(List<String> jvmArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(tmp.toFile()).start();
  }

  private Process startLogged(Path errFile, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(tmp.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errFile.toFile())
        .start();
  }

  private Result ferry(List<String> jvmArgs, String... args) throws Exception {
    return finish(start(jvmArgs, args), Duration.ofSeconds(60));
  }

  private static Result finish(Process process, Duration timeout) throws Exception {
    var out = readAsync(process.getInputStream());
    var err = readAsync(process.getErrorStream());
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("ferry did not finish within " + timeout + ": " + err.get());
    }
    return new Result(process.exitValue(), out.get(), err.get());
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private static String scrape(int port, String wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      try (InputStream in =
          URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (body.contains(wanted)) {
          return body;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    return body;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private static void assertSameFiles(Path expected, Path actual) throws IOException {
    try (Stream<Path> files = Files.list(expected)) {
      for (Path file : files.toList()) {
        assertArrayEquals(
            Files.readAllBytes(file),
            Files.readAllBytes(actual.resolve(file.getFileName())),
            file.toString());
      }
    }
  }
}
