package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.TagsOption;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.MotoServer;
import dev.ferry.activities.testing.S3ProxyServer;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.activities.testing.TestBuckets;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.IfExists;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import dev.ferry.workflows.Verification;
import io.minio.SetObjectTagsArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * S3 object tags travel with a migration from one S3 store to another, through a single PUT and a
 * multipart upload, as each store itself reads them back; a profile with {@code tags: ignore}
 * neither reads nor writes them.
 */
@Timeout(240)
class S3ObjectTagsMigrationTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = new VersitygwServer();
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  @RegisterExtension static final S3ProxyServer S3PROXY = new S3ProxyServer();

  @RegisterExtension
  static final S3ProxyServer STRICT_S3PROXY = S3ProxyServer.refusingUnknownHeaders();

  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Characters AWS allows in tags: letters of any script, digits, spaces and {@code +-=._:/@}. */
  private static final Map<String, String> TAGS =
      ordered("project", "ferry", "owner name", "Zoë + co", "a=b", "x/y:z @1", "empty", "");

  private static final Map<String, String> OTHER_TAGS = ordered("tier", "cold");

  private final MigrationTestEnv env = new MigrationTestEnv();

  @AfterEach
  void tearDown() {
    env.close();
  }

  static Stream<Arguments> routes() {
    return Stream.of(Arguments.of(VERSITYGW, MOTO), Arguments.of(MOTO, VERSITYGW));
  }

  @ParameterizedTest(name = "{0} to {1}", autoCloseArguments = false)
  @MethodSource("routes")
  void tagsArriveWithSinglePutsAndMultipartUploads(S3TestServer from, S3TestServer to)
      throws Exception {
    String src = TestBuckets.create(from, "src");
    String dst = TestBuckets.create(to, "dst");
    byte[] small = bytes(3000);
    byte[] large = bytes((6 << 20) + 123); // two parts of 5 MiB
    put(from, src, "p/small.txt", small, TAGS);
    put(from, src, "p/dir/large.bin", large, OTHER_TAGS);
    put(from, src, "p/untagged", small, Map.of());
    location("s3:" + src + "/p", from, src, "p", TagsOption.COPY);
    location("s3:" + dst + "/q", to, dst, "q", TagsOption.COPY);
    env.start();

    MigrationProgress p = run("s3:" + src + "/p", "s3:" + dst + "/q");
    assertEquals(3, p.objectsCopied());

    assertEquals(TAGS, tags(to, dst, "q/small.txt"));
    assertEquals(OTHER_TAGS, tags(to, dst, "q/dir/large.bin"));
    assertEquals(Map.of(), tags(to, dst, "q/untagged"));
    assertArrayEquals(small, read(to, dst, "q/small.txt"));
    assertArrayEquals(large, read(to, dst, "q/dir/large.bin"));

    // Tags are not part of what makes two objects identical, as for rclone: a rerun skips all.
    assertEquals(3, run("s3:" + src + "/p", "s3:" + dst + "/q").objectsSkipped());
  }

  /**
   * Tags are not compared: a tag changed at the source after its object was copied stays as copied
   * on a rerun, which skips the identical bytes, and travels with {@code --if-exists overwrite}.
   */
  @Test
  void aTagChangedAtTheSourceTravelsWithOverwriteOnly() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(MOTO, "dst");
    put(VERSITYGW, src, "k", bytes(100), OTHER_TAGS);
    location("s3:" + src, VERSITYGW, src, "", TagsOption.COPY);
    location("s3:" + dst, MOTO, dst, "", TagsOption.COPY);
    env.start();
    assertEquals(1, run("s3:" + src, "s3:" + dst).objectsCopied());

    VERSITYGW
        .client()
        .setObjectTags(SetObjectTagsArgs.builder().bucket(src).object("k").tags(TAGS).build());
    assertEquals(1, run("s3:" + src, "s3:" + dst).objectsSkipped());
    assertEquals(OTHER_TAGS, tags(MOTO, dst, "k"));

    MigrationRequest overwrite =
        new MigrationRequest(
            "s3:" + src,
            "s3:" + dst,
            Mode.COPY,
            MigrationRequest.DEFAULT_CONCURRENCY,
            Verification.CHECKSUM,
            MigrationRequest.DEFAULT_MAX_RETRIES,
            MigrationRequest.DEFAULT_RETRY_INTERVAL,
            List.of(),
            List.of(),
            IfExists.OVERWRITE,
            false,
            MigrationRequest.DEFAULT_BATCH_OBJECTS,
            MigrationRequest.DEFAULT_BATCH_BYTES,
            false);
    MigrationProgress p = env.run("tags-" + RUNS.incrementAndGet(), overwrite).progress();
    assertEquals(1, p.objectsCopied(), p.toString());
    assertEquals(TAGS, tags(MOTO, dst, "k"));
  }

  /** A stream of unknown length goes up in parts, then records its MD5 by a copy onto itself. */
  @ParameterizedTest(name = "{0}", autoCloseArguments = false)
  @MethodSource("tagKeepers")
  void anUploadOfUnknownLengthKeepsItsTagsThroughTheCopyOntoItself(S3TestServer server)
      throws Exception {
    String dst = TestBuckets.create(server, "dst");
    S3Backend s3 = location("s3:" + dst, server, dst, "", TagsOption.COPY);
    byte[] data = bytes((11 << 20) + 7);
    s3.put("k", new ByteArrayInputStream(data), -1, ObjectMetadata.EMPTY.withTags(TAGS));
    assertEquals(TAGS, tags(server, dst, "k"));
    assertArrayEquals(data, read(server, dst, "k"));
  }

  static Stream<S3TestServer> tagKeepers() {
    return Stream.of(VERSITYGW, MOTO);
  }

  @Test
  void aProfileThatIgnoresTagsNeitherReadsNorWritesThem() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(MOTO, "dst");
    String back = TestBuckets.create(VERSITYGW, "back");
    put(VERSITYGW, src, "k", bytes(100), TAGS);
    location("s3:" + src, VERSITYGW, src, "", TagsOption.COPY);
    location("s3:" + dst, MOTO, dst, "", TagsOption.IGNORE);
    env.start();

    assertEquals(1, run("s3:" + src, "s3:" + dst).objectsCopied());
    assertEquals(Map.of(), tags(MOTO, dst, "k"));

    put(MOTO, dst, "tagged-here", bytes(10), OTHER_TAGS);
    location("s3:" + back, VERSITYGW, back, "", TagsOption.COPY);
    assertEquals(2, run("s3:" + dst, "s3:" + back).objectsCopied());
    assertEquals(Map.of(), tags(VERSITYGW, back, "tagged-here"));
  }

  /**
   * A server-side copy within one store keeps the tags, as the store copies them itself; into a
   * profile that ignores tags it asks the store for none.
   */
  @ParameterizedTest(name = "{0} tags: {1}", autoCloseArguments = false)
  @MethodSource("serverSideCopies")
  void aServerSideCopyKeepsTheTagsUnlessTheProfileIgnoresThem(S3TestServer server, String tags)
      throws Exception {
    String src = TestBuckets.create(server, "src");
    String dst = TestBuckets.create(server, "dst");
    put(server, src, "k", bytes(100), TAGS);
    location("s3:" + src, server, src, "", TagsOption.COPY);
    location("s3:" + dst, server, dst, "", tags);
    env.start();

    assertEquals(1, run("s3:" + src, "s3:" + dst).objectsCopied());
    assertEquals(tags.equals(TagsOption.COPY) ? TAGS : Map.of(), tags(server, dst, "k"));
  }

  static Stream<Arguments> serverSideCopies() {
    return Stream.of(
        Arguments.of(MOTO, TagsOption.COPY),
        Arguments.of(VERSITYGW, TagsOption.COPY),
        Arguments.of(MOTO, TagsOption.IGNORE),
        Arguments.of(VERSITYGW, TagsOption.IGNORE));
  }

  /**
   * S3Proxy keeps no tags: it never counts any at a source, and as a destination (started, as the
   * tests start it, with {@code s3proxy.ignore-unknown-headers}) it drops {@code x-amz-tagging} and
   * answers a tag request with NotImplemented. The bytes still arrive exactly.
   */
  @Test
  void s3ProxyKeepsTheBytesButNoTags() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(S3PROXY, "dst");
    byte[] data = bytes(5000);
    put(VERSITYGW, src, "k", data, TAGS);
    location("s3:" + src, VERSITYGW, src, "", TagsOption.COPY);
    location("s3:" + dst, S3PROXY, dst, "", TagsOption.COPY);
    env.start();

    assertEquals(1, run("s3:" + src, "s3:" + dst).objectsCopied());
    assertArrayEquals(data, read(S3PROXY, dst, "k"));
    ErrorResponseException refused =
        assertThrows(ErrorResponseException.class, () -> tags(S3PROXY, dst, "k"));
    assertEquals("NotImplemented", refused.errorResponse().code());
  }

  /**
   * S3Proxy as it runs by default refuses {@code x-amz-tagging} as NotImplemented: the tagged
   * object fails alone at once, saying how to copy it without its tags, and the others are copied.
   */
  @Test
  void aStoreThatRefusesTagsFailsTheTaggedObjectAloneSayingWhatToDo() throws Exception {
    String src = TestBuckets.create(VERSITYGW, "src");
    String dst = TestBuckets.create(STRICT_S3PROXY, "dst");
    put(VERSITYGW, src, "tagged", bytes(500), TAGS);
    put(VERSITYGW, src, "plain", bytes(600), Map.of());
    location("s3:" + src, VERSITYGW, src, "", TagsOption.COPY);
    location("s3:" + dst, STRICT_S3PROXY, dst, "", TagsOption.COPY);
    env.start();

    ObjectFailure failure =
        env.runWithOneFailure(
            "tags-" + RUNS.incrementAndGet(), MigrationRequest.of("s3:" + src, "s3:" + dst), 1);
    assertEquals("tagged", failure.key());
    assertEquals(1, failure.attempts(), "a store that does not implement tags is not asked again");
    assertTrue(
        failure.message().contains("put tagged: NotImplemented")
            && failure
                .message()
                .endsWith("; the store keeps no tags: set 'tags: ignore' in its profile"),
        failure.message());
    assertEquals(List.of("plain"), STRICT_S3PROXY.keys(dst));
  }

  private MigrationProgress run(String from, String to) {
    return env.runCleanly("tags-" + RUNS.incrementAndGet(), MigrationRequest.of(from, to));
  }

  private S3Backend location(
      String location, S3TestServer server, String bucket, String prefix, String tags) {
    return env.s3(location, server, bucket, prefix, Map.of("tags", tags));
  }

  private static void put(
      S3TestServer server, String bucket, String key, byte[] data, Map<String, String> tags)
      throws Exception {
    TaggedS3Objects.put(server.client(), bucket, key, data, tags);
    assertEquals(tags, tags(server, bucket, key), "tags as the source holds them");
  }

  private static Map<String, String> tags(S3TestServer server, String bucket, String key)
      throws Exception {
    return TaggedS3Objects.tags(server.client(), bucket, key);
  }

  private static byte[] read(S3TestServer server, String bucket, String key) throws Exception {
    return TaggedS3Objects.read(server.client(), bucket, key);
  }

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
