package dev.ferry.activities.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.s3.S3Backend;
import dev.ferry.activities.storage.s3.S3Connection;
import dev.ferry.activities.storage.s3.S3Type;
import dev.ferry.activities.testing.MemoryBackend;
import dev.ferry.activities.testing.MigrationTestEnv;
import dev.ferry.activities.testing.Requests;
import dev.ferry.activities.testing.S3TestServer;
import dev.ferry.activities.testing.VersitygwServer;
import dev.ferry.workflows.FerryFailures;
import dev.ferry.workflows.MigrationProgress;
import dev.ferry.workflows.MigrationRequest;
import dev.ferry.workflows.Mode;
import io.minio.SetBucketPolicyArgs;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bucket whose credentials may write but not delete (a backup target's append-only keys), on
 * versitygw, which enforces the bucket's policy for another account. Preflight refused every
 * migration into it ("the probe object ... could not be deleted") and left its probe there: a sync
 * is refused now with nothing written, and a copy goes on (its probe, which shows that it may
 * write, stays, as the log says).
 */
@Timeout(120)
class AppendOnlyDestinationTest {
  @RegisterExtension static final VersitygwServer VERSITYGW = VersitygwServer.withAccounts();

  private static final String WRITER = "ferry-writer";
  private static final String WRITER_SECRET = "ferry-writer-secret-0123456789";
  private static int runs;

  private MigrationTestEnv env;
  private S3Connection connection;

  @BeforeAll
  static void aWriterThatMayNotDelete() {
    VERSITYGW.admin("create-user", "--access", WRITER, "--secret", WRITER_SECRET, "--role", "user");
  }

  @AfterEach
  void tearDown() {
    env.close();
    connection.close();
  }

  @Test
  void aCopyGoesOnLeavingOnlyItsProbeObject() throws Exception {
    String bucket = appendOnlyBucket();
    MigrationProgress p =
        env.run("append-copy", MigrationRequest.of("mem:src", "dst:" + bucket)).progress();

    assertEquals(3, p.objectsCopied(), p.toString());
    assertEquals(0, p.objectsFailed(), p.toString());
    List<String> keys = keys(bucket);
    assertEquals(List.of("a", "b", "c"), keys.subList(1, keys.size()), keys.toString());
    assertEquals(PreflightActivityImpl.KEPT_PROBE, keys.get(0), keys.toString());

    // Run again (a nightly copy): the same probe is written again, no second one stays.
    MigrationProgress again =
        env.run("append-copy-2", MigrationRequest.of("mem:src", "dst:" + bucket)).progress();
    assertEquals(3, again.objectsSkipped(), again.toString());
    assertEquals(keys, keys(bucket));
  }

  @Test
  void aSyncIsRefusedAndWritesNothing() throws Exception {
    String bucket = appendOnlyBucket();
    MigrationRequest sync =
        Requests.quick("mem:src", "dst:" + bucket, Mode.SYNC, 2).withPasses("100%", false, null);
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> env.run("append-sync", sync));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    String said = cause.getOriginalMessage();
    assertTrue(
        said.startsWith(
                "preflight refused: destination dst:"
                    + bucket
                    + " refuses deletes, which a sync makes: AccessDenied")
            && said.endsWith(". Use --mode copy, or credentials that may delete there"),
        said);
    assertEquals(List.of(), keys(bucket));
  }

  /** Keys that may only read are still refused before anything moves, as a bad input. */
  @Test
  void aCopyWithKeysThatMayOnlyReadIsRefused() throws Exception {
    String bucket = bucketAllowing("s3:GetObject", "s3:ListBucket");
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> env.run("read-only", MigrationRequest.of("mem:src", "dst:" + bucket)));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FerryFailures.PREFLIGHT_REFUSED, cause.getType());
    assertTrue(
        cause.getOriginalMessage().contains("dst:" + bucket + " is not writable"),
        cause.getOriginalMessage());
    assertEquals(List.of(), keys(bucket));
  }

  /**
   * A new bucket that the writer may write and list but not delete in, and an environment copying
   * three objects into it with the writer's keys.
   */
  private String appendOnlyBucket() throws Exception {
    return bucketAllowing(
        "s3:PutObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:AbortMultipartUpload",
        "s3:ListBucketMultipartUploads",
        "s3:ListMultipartUploadParts",
        "s3:GetBucketLocation");
  }

  /** As {@link #appendOnlyBucket}, the writer allowed {@code actions} alone. */
  private String bucketAllowing(String... actions) throws Exception {
    String bucket = "append-" + ++runs;
    VERSITYGW.createBucket(bucket);
    VERSITYGW
        .client()
        .setBucketPolicy(
            SetBucketPolicyArgs.builder().bucket(bucket).config(policy(bucket, actions)).build());
    env = new MigrationTestEnv();
    MemoryBackend source = env.backend("mem:src", new MemoryBackend("src"));
    for (String key : List.of("a", "b", "c")) {
      source.putBytes(key, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    connection =
        S3Connection.create(
            S3Type.profile(
                "w", VERSITYGW.endpoint(), S3TestServer.REGION, WRITER, WRITER_SECRET, 0, null));
    env.backend("dst:" + bucket, S3Backend.create(connection, bucket, "", "s3 dst:" + bucket));
    env.start();
    return bucket;
  }

  private static String policy(String bucket, String... actions) {
    return """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": ["%s"]}, "Action": ["%s"],
          "Resource": ["arn:aws:s3:::%s", "arn:aws:s3:::%s/*"]}]}
        """
        .formatted(WRITER, String.join("\", \"", actions), bucket, bucket);
  }

  private static List<String> keys(String bucket) throws Exception {
    return VERSITYGW.keys(bucket);
  }
}
