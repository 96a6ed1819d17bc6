package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.activities.storage.ArchivedObjectException;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.IncompleteUpload;
import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.LocationFaultException.Kind;
import dev.ferry.activities.storage.NotFoundException;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * How server answers the S3 test server cannot be made to give (throttling, 5xx, non-S3 endpoints)
 * are classified: a real HTTP server on loopback answers every request with one canned response.
 */
class S3ErrorsTest {
  private HttpServer server;
  private volatile int status;
  private volatile String contentType;
  private volatile String body;
  private final List<S3Connection> connections = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    connections.forEach(S3Connection::close);
    server.stop(0);
  }

  /**
   * What listing, reading an object and writing one each throw when the server gives every request
   * the same reply: the MinIO client makes the first, ferry's own calls the others.
   */
  private List<StorageException> allFail(int status, String contentType, String body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    BackendProfile profile = cannedProfile();
    List<Executable> calls =
        List.of(
            () -> backend(profile).list(null, null, 10),
            () -> backend(profile).open("k").close(),
            () ->
                backend(profile)
                    .put("k", new ByteArrayInputStream(new byte[3]), 3, ObjectMetadata.EMPTY));
    List<StorageException> errors = new ArrayList<>();
    for (Executable call : calls) {
      StorageException e = assertThrows(StorageException.class, call);
      assertTrue(!e.getMessage().contains("secret-never-shown"), e.getMessage());
      errors.add(e);
    }
    return errors;
  }

  private BackendProfile cannedProfile() {
    return S3Type.profile(
        "canned",
        "http://127.0.0.1:" + server.getAddress().getPort(),
        "us-east-1",
        "access",
        "secret-never-shown");
  }

  private S3Backend backend(BackendProfile profile) {
    S3Connection connection = S3Connection.create(profile);
    connections.add(connection);
    return S3Backend.create(connection, "bucket", "", "s3 canned:bucket");
  }

  private static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message><BucketName>bucket</BucketName><Resource>/bucket</Resource>"
        + "<RequestId>1</RequestId><HostId>h</HostId></Error>";
  }

  /** Slow by design: the client itself retries these a few times with backoff first. */
  @Test
  void throttlingAndServerErrorsAreRetryable() {
    for (StorageException e :
        allFail(503, "application/xml", error("SlowDown", "Reduce your request rate."))) {
      assertInstanceOf(RetryableStorageException.class, e);
    }
    for (StorageException e : allFail(502, "text/html", "<html>bad gateway</html>")) {
      assertInstanceOf(RetryableStorageException.class, e);
    }
  }

  @Test
  void clientErrorsArePermanentOrFaultsOfTheBucket() {
    // A policy on one prefix refuses one object: only a listing of the bucket can tell.
    assertFault(403, "AccessDenied", "Access Denied.", Kind.CREDENTIALS, false);
    assertFault(403, "InvalidAccessKeyId", "No such key id.", Kind.CREDENTIALS, true);
    assertFault(507, "XMinioStorageFull", "Storage is full.", Kind.NO_SPACE, true);
    assertFault(403, "QuotaExceeded", "Bucket quota exceeded.", Kind.QUOTA, true);
    assertFault(404, "NoSuchBucket", "bucket 'bucket' does not exist", Kind.GONE, true);
    // S3Proxy's error names no bucket: the message says so plainly, never "bucket '?'".
    String unnamed =
        "<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchBucket</Code><Message>The"
            + " specified bucket does not exist</Message><RequestId>1</RequestId></Error>";
    for (StorageException e : allFail(404, "application/xml", unnamed)) {
      assertEquals(Kind.GONE, assertInstanceOf(LocationFaultException.class, e).kind());
      assertTrue(e.getMessage().contains(": the bucket does not exist"), e.getMessage());
    }
    for (StorageException notS3 : allFail(404, "text/html", "<html>not here</html>")) {
      assertInstanceOf(PermanentStorageException.class, notS3);
      assertTrue(notS3.getMessage().contains("S3 server"), notS3.getMessage());
    }
  }

  /** Every call answered {@code status} with S3 error {@code code} is that fault of the bucket. */
  private void assertFault(int status, String code, String text, Kind kind, boolean confirmed) {
    for (StorageException e : allFail(status, "application/xml", error(code, text))) {
      LocationFaultException fault = assertInstanceOf(LocationFaultException.class, e);
      assertEquals(kind, fault.kind(), code);
      assertEquals(confirmed, fault.confirmed(), code);
      assertTrue(e.getMessage().contains(text), e.getMessage());
    }
  }

  /**
   * AWS refuses a read of an archived object as 403 InvalidObjectState, and a copy of one as
   * ObjectNotInActiveTierError: neither is a fault of the bucket or of its credentials.
   */
  @Test
  void anArchivedObjectIsNamedAsSuchWithTheWayToRestoreIt() {
    for (String code : List.of("InvalidObjectState", "ObjectNotInActiveTierError")) {
      StorageException open =
          allFail(403, "application/xml", error(code, "Not in the active tier.")).get(1);
      assertInstanceOf(ArchivedObjectException.class, open, code);
      assertTrue(
          open.getMessage()
              .endsWith("restore it (e.g. aws s3api restore-object), then copy it again"),
          open.getMessage());
    }
  }

  @Test
  void aMissingObjectIsNotFound() {
    List<StorageException> errors =
        allFail(404, "application/xml", error("NoSuchKey", "The key does not exist."));
    assertInstanceOf(NotFoundException.class, errors.get(1), "open");
  }

  /** S3Proxy 3.x and 4.x, versitygw and moto all list uploads; other stores may answer 501. */
  @Test
  void aStoreThatCannotListUploadsSaysSoInOneLine() {
    status = 501;
    contentType = "application/xml";
    body = error("NotImplemented", "A header you provided implies functionality not implemented");
    S3Backend backend = backend(cannedProfile());
    PermanentStorageException e =
        assertThrows(PermanentStorageException.class, backend::incompleteUploads);
    assertTrue(e.getMessage().contains("NotImplemented"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot list incomplete uploads"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void abortingAnUploadThatIsGoneCountsAsDone() {
    status = 404;
    contentType = "application/xml";
    body = error("NoSuchUpload", "The specified multipart upload does not exist.");
    S3Backend backend = backend(cannedProfile());
    backend.abort(new IncompleteUpload("k", "gone", Instant.EPOCH, -1));
    backend.abort(new IncompleteUpload("a/../k", "gone", Instant.EPOCH, -1)); // sent exactly
    body = error("AccessDenied", "Access Denied.");
    status = 403;
    assertThrows(
        LocationFaultException.class,
        () -> backend.abort(new IncompleteUpload("k", "u", Instant.EPOCH, -1)));
  }

  @Test
  void digestErrorsAreChecksumMismatches() {
    for (StorageException e :
        allFail(
            400,
            "application/xml",
            error("BadDigest", "The Content-MD5 you specified did not match."))) {
      assertInstanceOf(ChecksumMismatchException.class, e);
    }
  }

  @Test
  void manyRequestsRunAtOnceOnOneConnection() throws Exception {
    int parallel = 12;
    CountDownLatch allArrived = new CountDownLatch(parallel);
    server.createContext(
        "/many",
        exchange -> {
          allArrived.countDown();
          boolean together;
          try {
            together = allArrived.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            together = false;
          }
          byte[] bytes =
              (together
                      ? "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                          + "<Name>many</Name><Prefix></Prefix><KeyCount>0</KeyCount>"
                          + "<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
                          + "</ListBucketResult>"
                      : error("AccessDenied", "requests were not concurrent"))
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/xml");
          exchange.sendResponseHeaders(together ? 200 : 403, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    BackendProfile profile =
        S3Type.profile(
            "canned", "http://127.0.0.1:" + server.getAddress().getPort(), "us-east-1", "a", "s");
    ExecutorService callers = Executors.newFixedThreadPool(parallel);
    try (S3Connection connection = S3Connection.create(profile)) {
      S3Backend backend = S3Backend.create(connection, "many", "", "s3 canned:many");
      List<Future<ListPage>> pages = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        pages.add(callers.submit(() -> backend.list(null, null, 10)));
      }
      for (Future<ListPage> page : pages) {
        assertTrue(page.get().objects().isEmpty());
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
