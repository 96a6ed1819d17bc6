package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.TagsOption;
import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.TaggedS3Objects;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationState;
import dev.ferry.workflows.MigrationWorkflow;
import dev.ferry.workflows.Mode;
import dev.ferry.workflows.ObjectFailure;
import io.minio.SetBucketPolicyArgs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys that may read or write objects but not their tags (versitygw enforces a bucket policy for
 * another account): a tagged object fails alone, and its failure says which permission it needs and
 * how to copy without tags; the migration does not pause, and untagged objects are copied. With
 * {@code tags: ignore} in the profile every object is copied.
 */
@Timeout(120)
class TagPermissionsTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = VersitygwServer.withAccounts();

  private static final String LIMITED = "ferry-limited";
  private static final String LIMITED_SECRET = "ferry-limited-secret-0123456789";

  private MigrationTestEnv env;
  private S3Connection connection;

  @BeforeAll
  static void anAccountWithoutTagPermissions() throws Exception {
    VERSITYGW.admin(
        "create-user", "--access", LIMITED, "--secret", LIMITED_SECRET, "--role", "user");
  }

  @AfterEach
  void tearDown() {
    env.close();
    connection.close();
  }

  @Test
  void aTaggedObjectFailsAloneNamingThePermissionItNeeds() throws Exception {
    String bucket = readableBucket("no-tags-1");
    MemoryBackend dst = start(bucket, TagsOption.COPY).keepingTags();
    String id = "tags-refused";
    MigrationWorkflow wf =
        env.startMigration(id, Requests.quick("src:" + bucket, "mem:dst", Mode.COPY, 5));
    MigrationProgress p = env.result(id).progress();

    assertEquals(MigrationState.COMPLETED, p.state(), p.toString());
    assertEquals(1, p.objectsCopied(), p.toString());
    assertEquals(1, p.objectsFailed(), p.toString());
    assertEquals(List.of("plain"), dst.keys());
    List<ObjectFailure> failures = wf.failures(0, 10).failures();
    assertEquals("tagged", failures.get(0).key());
    String said = failures.get(0).message();
    assertTrue(
        said.contains("read the tags of tagged: AccessDenied")
            && said.contains(
                "tags need s3:GetObjectTagging: grant it, or set 'tags: ignore' in this location's profile"),
        said);
    assertTrue(!said.contains(LIMITED_SECRET), said);
  }

  @Test
  void aProfileThatIgnoresTagsCopiesEveryObject() throws Exception {
    String bucket = readableBucket("no-tags-2");
    MemoryBackend dst = start(bucket, TagsOption.IGNORE).keepingTags();
    MigrationProgress p =
        env.run("tags-ignored", Requests.quick("src:" + bucket, "mem:dst", Mode.COPY, 5))
            .progress();

    assertEquals(2, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(List.of("plain", "tagged"), dst.keys());
  }

  /** Into a destination that keeps no tags (a filesystem, GCS) no tag is read, nor needed. */
  @Test
  void aDestinationThatKeepsNoTagsNeedsNoTagPermission() throws Exception {
    String bucket = readableBucket("no-tags-3");
    MemoryBackend dst = start(bucket, TagsOption.COPY);
    MigrationProgress p =
        env.run("tags-not-kept", Requests.quick("src:" + bucket, "mem:dst", Mode.COPY, 5))
            .progress();

    assertEquals(2, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    assertEquals(List.of("plain", "tagged"), dst.keys());
  }

  /** Keys that may write objects but not tags: the tagged object fails alone, saying so. */
  @Test
  void aDestinationThatMayNotWriteTagsFailsTheTaggedObjectAlone() throws Exception {
    String src = "tagged-src";
    VERSITYGW.createBucket(src);
    putObjects(src);
    String dst = "no-tags-dst";
    VERSITYGW.createBucket(dst);
    allow(
        dst,
        "s3:PutObject",
        "s3:GetObject",
        "s3:DeleteObject",
        "s3:ListBucket",
        "s3:AbortMultipartUpload",
        "s3:ListBucketMultipartUploads");
    env = new MigrationTestEnv();
    S3Connection root = S3Connection.create(VERSITYGW.profile("root"));
    env.backend("src:" + src, S3Backend.create(root, src, "", "s3 src:" + src));
    connection = S3Connection.create(profile(TagsOption.COPY));
    env.backend("dst:" + dst, S3Backend.create(connection, dst, "", "s3 dst:" + dst));
    env.start();
    try {
      String id = "tags-not-written";
      MigrationWorkflow wf =
          env.startMigration(id, Requests.quick("src:" + src, "dst:" + dst, Mode.COPY, 5));
      MigrationProgress p = env.result(id).progress();

      assertEquals(MigrationState.COMPLETED, p.state(), p.toString());
      assertEquals(1, p.objectsCopied(), p.toString());
      assertEquals(1, p.objectsFailed(), p.toString());
      ObjectFailure failure = wf.failures(0, 10).failures().get(0);
      assertEquals("tagged", failure.key());
      assertTrue(
          failure.message().contains("put tagged: AccessDenied")
              && failure.message().contains("tags need s3:PutObjectTagging: grant it"),
          failure.message());
      assertEquals(
          List.of("plain"), VERSITYGW.keys(dst).stream().filter(k -> !k.startsWith(".")).toList());
    } finally {
      root.close();
    }
  }

  /** A bucket holding one tagged and one plain object, which the reader may list and read. */
  private static String readableBucket(String bucket) throws Exception {
    VERSITYGW.createBucket(bucket);
    putObjects(bucket);
    allow(bucket, "s3:GetObject", "s3:ListBucket");
    return bucket;
  }

  private static void putObjects(String bucket) throws Exception {
    TaggedS3Objects.put(
        VERSITYGW.client(), bucket, "tagged", "tagged".getBytes(), Map.of("team", "ops"));
    TaggedS3Objects.put(VERSITYGW.client(), bucket, "plain", "plain".getBytes(), Map.of());
  }

  /** Lets the second account do {@code actions} alone in {@code bucket}. */
  private static void allow(String bucket, String... actions) throws Exception {
    String policy =
        """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": ["%s"]}, "Action": ["%s"],
          "Resource": ["arn:aws:s3:::%s", "arn:aws:s3:::%s/*"]}]}
        """
            .formatted(LIMITED, String.join("\", \"", actions), bucket, bucket);
    VERSITYGW
        .client()
        .setBucketPolicy(SetBucketPolicyArgs.builder().bucket(bucket).config(policy).build());
  }

  private MemoryBackend start(String bucket, String tags) {
    env = new MigrationTestEnv();
    MemoryBackend dst = env.backend("mem:dst", new MemoryBackend("dst"));
    connection = S3Connection.create(profile(tags));
    env.backend("src:" + bucket, S3Backend.create(connection, bucket, "", "s3 src:" + bucket));
    env.start();
    return dst;
  }

  /** A profile with the second account's keys. */
  private static BackendProfile profile(String tags) {
    return BackendProfile.of(
        "limited",
        S3Type.TYPE,
        Map.of(
            "endpoint", VERSITYGW.endpoint(),
            "region", S3TestServer.REGION,
            "accessKey", LIMITED,
            "secretKey", LIMITED_SECRET,
            "tags", tags));
  }
}
