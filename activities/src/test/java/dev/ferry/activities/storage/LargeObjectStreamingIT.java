package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by the part size, not the object: 512 MiB go through S3 (unknown length,
 * multipart) and into a file inside a JVM limited to a 96 MiB heap.
 */
class LargeObjectStreamingIT {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  private static final long SIZE = 512L << 20;

  @TempDir Path dir;

  @Test
  void halfAGigabyteThroughA96MiBHeap() throws Exception {
    S3.createBucket("heavy");
    Path log = dir.resolve("child.log");
    Process child =
        ChildWriter.start(
            "96m",
            log,
            "stream",
            Long.toString(SIZE),
            dir.resolve("out").toString(),
            S3.endpoint(),
            S3.accessKey(),
            S3.secretKey(),
            "heavy");
    assertTrue(child.waitFor(10, TimeUnit.MINUTES), "child did not finish");
    String output = Files.readString(log);
    assertEquals(0, child.exitValue(), output);
    List<String> lines = output.lines().toList();
    String generated = field(lines, "generated");
    assertEquals(generated, field(lines, "s3"), output);
    assertEquals(generated, field(lines, "fs"), output);
    assertEquals(generated, field(lines, "reread"), output);
    assertTrue(output.contains(" " + SIZE), output);
    assertEquals(SIZE, Files.size(dir.resolve("out/large.bin")));
  }

  private static String field(List<String> lines, String name) {
    return lines.stream()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.split(" ")[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + name + " in " + lines));
  }
}
