package dev.ferry.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationReport;
import dev.ferry.workflows.MigrationState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of a whole side on real stores: a tmpfs destination that fills up, and a destination key
 * revoked on a versitygw server that checks accounts. Each pauses the migration at once with the
 * OS's or server's own words and nothing counted failed; after the fix (more room; a new key and a
 * restarted worker) resume finishes it, and every byte is checked independently of ferry.
 */
@Order(12)
@ExtendWith(E2EExtension.class)
class SideFaultE2E {
  /** 20 files of 1 MB into 5 MiB: the new user's try from issue 15. */
  private static final DataSet TWENTY_MB =
      new DataSet(0, 0, Collections.nCopies(20, 1_000_000L), 20261215L);

  private static final DataSet SMALL = new DataSet(2_000, 16 * 1024, List.of(), 20261216L);

  private static final String OLD_SECRET = "old-secret-0123456789abcdef";
  private static final String NEW_SECRET = "new-secret-0123456789abcdef";

  @Test
  void aFullFilesystemPausesAndResumeFinishesAfterMoreRoom(E2EEnvironment env) throws Exception {
    try (Scenario s = env.scenario("side-full")) {
      Manifest source = s.seed(TWENTY_MB);
      Path mount = Files.createDirectories(s.dir().resolve("tmpfs"));
      os("mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", mount.toString());
      try {
        s.worker("w");
        String id = "e2e-side-full";
        long started = System.nanoTime();
        s.ferry("start", "--from", s.from(), "--to", mount.toString(), "--id", id).ok();
        Migration m = new Migration(env, id);
        MigrationProgress paused = awaitPause(m);
        double pausedAfter = (System.nanoTime() - started) / 1e9;
        // From the workflow's start to its pause, by its own clock (no JVM start-ups in it).
        double pausedInWorkflow =
            Duration.between(paused.startedAt(), paused.updatedAt()).toMillis() / 1e3;
        assertEquals(
            "destination full: No space left on device (" + mount + ")", paused.pausedReason());
        assertEquals(0, paused.objectsFailed(), paused.toString());
        assertTrue(s.ferry("failures", id).ok().stdout().contains("0 failed objects"));
        String status = s.ferry("status", id).ok().stdout();
        assertTrue(status.contains("No space left on device"), status);

        os("mount", "-o", "remount,size=64m", mount.toString());
        s.ferry("resume", id).ok();
        MigrationReport report = m.awaitReport(Duration.ofMinutes(3));
        m.exportHistories();
        E2EReport.line(
            "side fault, full tmpfs: paused %.1f s after the workflow started (%.1f s after"
                + " 'ferry start') with 0 failed (%s); after remount and resume: %s",
            pausedInWorkflow, pausedAfter, paused.pausedReason(), report.progress());
        assertExact(report, source.size());
        assertEquals(source.entries().keySet(), files(mount).keySet(), "files at the destination");
        files(mount)
            .forEach(
                (key, file) ->
                    assertEquals(
                        source.entries().get(key).sha256(), SeededObject.sha256(file), key));
      } finally {
        os("umount", mount.toString());
      }
    }
  }

  @Test
  void aRevokedKeyPausesAndANewKeyResumesExactly(E2EEnvironment env) throws Exception {
    try (VersitygwServer server = VersitygwServer.withAccounts()) {
      server.start();
      server.createBucket("side-rotate-dst");
      server.admin(
          "create-user", "--access", "ferry-old", "--secret", OLD_SECRET, "--role", "admin");
      Path dir = Files.createDirectories(env.root().resolve("side-rotate"));
      Path sourceDir = Files.createDirectories(dir.resolve("source"));
      for (DataSet.Spec spec : SMALL.specs()) {
        Path file = sourceDir.resolve(spec.key());
        Files.createDirectories(file.getParent());
        Files.write(file, spec.bytes());
      }
      Path config = writeConfig(env, dir, server);
      Map<String, String> oldKey = keyEnv("ferry-old", OLD_SECRET);
      Map<String, String> newKey = keyEnv("ferry-new", NEW_SECRET);
      ObjectStore destination =
          new ObjectStore(server.endpoint(), server.accessKey(), server.secretKey());

      WorkerProcess worker = WorkerProcess.start("side-rotate-w", config, oldKey, env.logs());
      String id = "e2e-side-rotate";
      ferry(
              config,
              oldKey,
              "start",
              "--id",
              id,
              "--from",
              sourceDir.toString(),
              "--to",
              "dst:side-rotate-dst")
          .ok();
      Migration m = new Migration(env, id);
      Waits.until(
          "some objects to arrive",
          Duration.ofMinutes(2),
          Duration.ofMillis(20),
          () -> destination.keys("side-rotate-dst").size() >= 100);
      server.admin("delete-user", "--access", "ferry-old");
      long revoked = System.nanoTime();
      server.admin(
          "create-user", "--access", "ferry-new", "--secret", NEW_SECRET, "--role", "admin");
      MigrationProgress paused = awaitPause(m);
      double pausedAfter = (System.nanoTime() - revoked) / 1e9;
      String reason = paused.pausedReason();
      assertTrue(reason.startsWith("destination credentials refused: "), reason);
      assertTrue(reason.contains("InvalidAccessKeyId"), reason);
      assertFalse(reason.contains(OLD_SECRET), reason);
      assertEquals(0, paused.objectsFailed(), paused.toString());
      int atPause = destination.keys("side-rotate-dst").size();

      // The worker reads profiles when it starts: the new key takes a restart.
      worker.close();
      WorkerProcess.start("side-rotate-w2", config, newKey, env.logs());
      ferry(config, newKey, "resume", id).ok();
      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      m.exportHistories();
      E2EReport.line(
          "side fault, revoked key: paused %.1f s after the revocation with %d of %d objects"
              + " written and 0 failed (%s); after a new key and resume: %s",
          pausedAfter, atPause, SMALL.specs().size(), reason, report.progress());
      assertExact(report, SMALL.specs().size());
      Manifest arrived = destination.read("side-rotate-dst");
      assertEquals(files(sourceDir).keySet(), arrived.entries().keySet());
      files(sourceDir)
          .forEach(
              (key, file) ->
                  assertEquals(
                      SeededObject.sha256(file), arrived.entries().get(key).sha256(), key));
    }
  }

  /**
   * A copy paused with the stock CLI, its destination bucket deleted and created again holding one
   * of the objects copied while nothing ran, then resumed with the stock CLI's bare signal: no
   * write failed, so only the look every resume takes at the destination can tell. Audits' copies
   * ended COMPLETED so, with 1,500 of 3,000 objects missing (bucket empty) and 999 of 2,000 (one
   * object in it); now the pass is copied again and every object arrives.
   */
  @Test
  void aBucketCreatedAgainWhilePausedWithTheStockCliIsCopiedAgainOnResume(E2EEnvironment env)
      throws Exception {
    try (Scenario s = env.scenario("side-emptied")) {
      Manifest source = s.seed(SMALL);
      s.worker("w");
      String id = "e2e-side-emptied";
      Migration m = s.start(id, "--concurrency", "2");
      Waits.until(
          "some objects to arrive",
          Duration.ofMinutes(2),
          Duration.ofMillis(20),
          () -> s.arrived(source) >= 200);
      TemporalCli cli = env.temporal().cli();
      cli.run("workflow", "signal", "-w", id, "--name", "pause", "--input", "\"maintenance\"").ok();
      MigrationProgress paused = awaitPause(m);
      Thread.sleep(2_000); // the activities running at the pause end
      int before = s.arrived(source);
      assertTrue(before < source.size(), "paused part-way: " + before);

      DataSet.Spec kept =
          SMALL.specs().stream()
              .filter(o -> s.destination().exists(s.destinationBucket(), o.key()))
              .findFirst()
              .orElseThrow();
      s.destination().deleteBucket(s.destinationBucket());
      s.destination().createBucket(s.destinationBucket());
      s.destination().putBytes(s.destinationBucket(), kept.key(), kept.bytes());
      cli.run("workflow", "signal", "-w", id, "--name", "resume").ok();
      MigrationReport report = m.awaitReport(Duration.ofMinutes(4));
      m.exportHistories();
      E2EReport.line(
          "destination created again while paused: %d objects there, %d counted copied (%s);"
              + " bucket deleted and created again with one of them, resumed with the stock CLI:"
              + " %s",
          before, paused.objectsCopied(), paused.pausedReason(), report.progress());
      MigrationProgress done = report.progress();
      assertEquals(MigrationState.COMPLETED, done.state(), done.toString());
      assertEquals(source.size(), done.objectsCopied() + done.objectsSkipped(), done.toString());
      assertEquals(1, done.objectsSkipped(), "the object put back is identical: " + done);
      assertEquals(0, done.objectsFailed(), done.toString());
      Manifest arrived = s.destination().read(s.destinationBucket());
      assertEquals(source.entries().keySet(), arrived.entries().keySet());
      source
          .entries()
          .forEach(
              (key, entry) ->
                  assertEquals(entry.sha256(), arrived.entries().get(key).sha256(), key));
    }
  }

  private static MigrationProgress awaitPause(Migration m) {
    return m.awaitProgress(
        "the migration to pause", Duration.ofMinutes(2), p -> p.state() == MigrationState.PAUSED);
  }

  /** Every object copied once: nothing skipped, failed or counted twice. */
  private static void assertExact(MigrationReport report, int objects) {
    MigrationProgress p = report.progress();
    assertEquals(MigrationState.COMPLETED, p.state(), p.toString());
    assertEquals(objects, p.objectsTotal(), p.toString());
    assertEquals(objects, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsSkipped() + p.objectsFailed(), p.toString());
  }

  private static Path writeConfig(E2EEnvironment env, Path dir, VersitygwServer server)
      throws IOException {
    return E2EConfig.write(
        env, dir, "ferry-side-rotate", E2EConfig.s3("dst", server.endpoint(), "FERRY_E2E_DST", ""));
  }

  private static Map<String, String> keyEnv(String access, String secret) {
    return Map.of("FERRY_E2E_DST_ACCESS", access, "FERRY_E2E_DST_SECRET", secret);
  }

  /** A {@code ferry} client command with {@code config} and the key's environment. */
  private static CommandResult ferry(Path config, Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", config.toString()));
    return Commands.run(FerryJar.command(List.of(), all), env, Duration.ofSeconds(120));
  }

  /** Regular files under {@code root} by key. */
  private static Map<String, Path> files(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.put(root.relativize(f).toString().replace('\\', '/'), f));
    }
    return files;
  }

  private static void os(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
