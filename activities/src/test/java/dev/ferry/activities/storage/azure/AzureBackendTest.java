package dev.ferry.activities.storage.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.ChecksumMismatchException;
import dev.ferry.activities.storage.ContentHeaders;
import dev.ferry.activities.storage.DeleteFailure;
import dev.ferry.activities.storage.DigestingInputStream;
import dev.ferry.activities.storage.KeyNamesContract;
import dev.ferry.activities.storage.LocationFaultException;
import dev.ferry.activities.storage.ObjectInfo;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.storage.PermanentStorageException;
import dev.ferry.activities.storage.StorageBackend;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.activities.testing.AzuriteServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance suite and the Azure-only checks against Azurite, one container per test. Where
 * Azurite differs from the suite, a capability method says so and docs/s3-deviations.md lists it.
 */
class AzureBackendTest extends KeyNamesContract {
  @RegisterExtension static final AzuriteServer SERVER = new AzuriteServer();

  private static final String PREFIX = "some/prefix";
  private static final AtomicInteger CONTAINERS = new AtomicInteger();

  private AzureConnection connection;
  private String container;

  @AfterEach
  void disconnect() {
    connection.close();
  }

  @Override
  protected StorageBackend newBackend() {
    connection = AzureConnection.create(SERVER.profile("test", 0));
    container = "ferry-" + CONTAINERS.incrementAndGet();
    SERVER.createContainer(container);
    return open(connection, container);
  }

  private static StorageBackend open(AzureConnection on, String name) {
    return AzureBackend.create(on, name, PREFIX, "azure test:" + name + "/" + PREFIX);
  }

  @Override
  protected int prefixBytes() {
    return PREFIX.length() + 1;
  }

  /** Azure keeps a '\\' in a blob name as '/' (Azurite too): such keys are refused. */
  @Override
  protected boolean keepsBackslashes() {
    return false;
  }

  @Test
  void aKeyWithABackslashIsRefusedNotStoredUnderAnotherName() {
    byte[] bytes = "b".getBytes(StandardCharsets.UTF_8);
    // Before: written as 'back/slash', and its stat answered for that other name.
    PermanentStorageException e =
        assertThrows(
            PermanentStorageException.class,
            () ->
                backend.put(
                    "back\\slash", new ByteArrayInputStream(bytes), 1, ObjectMetadata.EMPTY));
    assertTrue(e.getMessage().contains("stores as '/'"), e.getMessage());
    assertEquals(List.of(), backend.list(null, null, 10).objects());
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String md5(byte[] bytes) {
    return DigestingInputStream.md5Hex(bytes, bytes.length);
  }

  /** The standard properties beside the content type, as the uploads below set them. */
  private static final ContentHeaders HEADERS =
      new ContentHeaders("gzip", "attachment", "public, max-age=60", "fr-CA");

  @Test
  void aSmallBlobKeepsItsStandardProperties() {
    ObjectMetadata meta = new ObjectMetadata("text/html", Map.of(), null, null, HEADERS);
    backend.put("small.html.gz", new ByteArrayInputStream(new byte[] {1, 2}), 2, meta);
    assertEquals(HEADERS, backend.stat("small.html.gz").orElseThrow().headers());
    ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
    assertEquals(HEADERS, backend.metadataOf(listed).headers());
  }

  /** A blob over one block, of known and unknown length, keeps its bytes and whole MD5. */
  @Test
  void largeBlobRoundTripsWithItsMd5() {
    byte[] bytes = random(9 * 1024 * 1024 + 5, 9);
    for (long size : new long[] {bytes.length, -1}) {
      ObjectMetadata meta =
          new ObjectMetadata("application/x-big", Map.of("x-foo", "bar"), null, null, HEADERS);
      ObjectInfo written = backend.put("big/blob", new ByteArrayInputStream(bytes), size, meta);
      assertEquals(md5(bytes), written.checksum());
      assertEquals(bytes.length, written.size());
      ObjectInfo stat = backend.stat("big/blob").orElseThrow();
      assertEquals(md5(bytes), stat.checksum(), "size " + size);
      assertEquals("application/x-big", stat.contentType());
      assertEquals(Map.of("x-foo", "bar"), stat.userMetadata());
      assertEquals(HEADERS, stat.headers());
      assertEquals(md5(bytes), backend.list(null, null, 10).objects().get(0).checksum());
      assertEquals(HEADERS, backend.list(null, null, 10).objects().get(0).headers());
      assertArrayEquals(bytes, read("big/blob"));
    }
  }

  /** Small blocks: many staged blocks, four in flight, committed in order. */
  @Test
  void manySmallBlocksCommitInOrder() {
    byte[] bytes = random(9 * 1024 * 1024 + 123, 11);
    try (AzureConnection small = AzureConnection.create(SERVER.profile("small", 1L << 20))) {
      StorageBackend b = open(small, container);
      for (long size : new long[] {bytes.length, -1}) {
        assertEquals(
            md5(bytes), b.put("many", new ByteArrayInputStream(bytes), size, null).checksum());
        assertEquals(md5(bytes), b.stat("many").orElseThrow().checksum());
        assertArrayEquals(bytes, read("many"));
      }
      ObjectMetadata wrong = new ObjectMetadata(null, Map.of(), null, md5(new byte[] {1}));
      assertThrows(
          ChecksumMismatchException.class,
          () -> b.put("other", new ByteArrayInputStream(bytes), -1, wrong));
      assertTrue(b.stat("other").isEmpty(), "nothing committed after a mismatch");
    }
  }

  /** A value no header can carry fails its object alone, naming the entry, and writes nothing. */
  @Test
  void aMetadataValueNoHeaderCanCarryIsRefusedPerObject() {
    for (String value : new String[] {"Zoë ☃", "a\tb"}) {
      PermanentStorageException e =
          assertThrows(
              PermanentStorageException.class,
              () ->
                  backend.put(
                      "v",
                      new ByteArrayInputStream(new byte[1]),
                      1,
                      new ObjectMetadata(null, Map.of("name", value))));
      assertTrue(e.getMessage().contains("user metadata 'name'"), e.getMessage());
      assertTrue(backend.stat("v").isEmpty());
    }
  }

  /** S3-style names, which are not C# identifiers, come back exactly; stored names are valid. */
  @Test
  void metadataNamesRoundTripExactly() {
    Map<String, String> names =
        Map.of(
            "x-foo", "1",
            "ferry-md5", "not ferry's",
            "owner", "ops",
            "ferry_x", "escaped prefix",
            "Mixed.Case", "dot",
            "straße", "unicode");
    ObjectMetadata meta = new ObjectMetadata("text/plain", names);
    backend.put("m", new ByteArrayInputStream(new byte[] {1, 2}), 2, meta);
    assertEquals(names, backend.stat("m").orElseThrow().userMetadata());
    ObjectInfo listed = backend.list(null, null, 10).objects().get(0);
    assertEquals(names, listed.userMetadata());
    assertEquals(names, backend.metadataOf(listed).userMetadata());
    assertEquals(md5(new byte[] {1, 2}), backend.metadataOf(listed).md5());
    Map<String, String> stored =
        new BlobServiceClientBuilder()
            .endpoint(SERVER.endpoint())
            .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
            .buildClient()
            .getBlobContainerClient(container)
            .getBlobClient(PREFIX + "/m")
            .getProperties()
            .getMetadata();
    assertEquals(names.size(), stored.size());
    for (String name : stored.keySet()) {
      assertTrue(name.matches("[A-Za-z_][A-Za-z0-9_]*"), name);
    }
    assertEquals("ops", stored.get("owner"));
    assertEquals("1", stored.get("ferry_x_2dfoo"));
  }

  /** A wrong key is refused for good, and no message names the key. */
  @Test
  void wrongKeyIsPermanentAndSecretFree() {
    String wrong = Base64.getEncoder().encodeToString("not-the-key-0123456789".getBytes());
    try (AzureConnection bad =
        AzureConnection.create(
            AzureType.profile("bad", AzuriteServer.ACCOUNT, wrong, SERVER.endpoint(), 0))) {
      StorageBackend b = open(bad, container);
      LocationFaultException list =
          assertThrows(LocationFaultException.class, () -> b.list(null, null, 10));
      LocationFaultException put =
          assertThrows(
              LocationFaultException.class,
              () -> b.put("k", new ByteArrayInputStream(new byte[1]), 1, null));
      for (LocationFaultException e : List.of(list, put)) {
        assertEquals(LocationFaultException.Kind.CREDENTIALS, e.kind());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(e.getMessage().contains(AzuriteServer.KEY), e.getMessage());
        assertTrue(e.getCause() == null, "the client's exception (with its URL) is not kept");
      }
    }
  }

  /** A container that does not exist is a permanent error that names it. */
  @Test
  void unknownContainerIsAClearPermanentError() {
    StorageBackend missing = open(connection, "no-such-container");
    assertFalse(missing.rootExists());
    assertTrue(backend.rootExists());
    for (Runnable call :
        List.<Runnable>of(
            () -> missing.list(null, null, 10),
            () -> missing.stat("k"),
            () -> missing.put("k", new ByteArrayInputStream(new byte[1]), 1, null))) {
      LocationFaultException e = assertThrows(LocationFaultException.class, call::run);
      assertEquals(LocationFaultException.Kind.GONE, e.kind());
      assertTrue(
          e.getMessage().contains("container 'no-such-container' does not exist"), e.getMessage());
    }
  }

  @Test
  void aLeasedBlobIsNotDeletedAndSaysSoRatherThanChangedSince() {
    byte[] bytes = "kept".getBytes(StandardCharsets.UTF_8);
    backend.put("leased", new ByteArrayInputStream(bytes), bytes.length, ObjectMetadata.EMPTY);
    ObjectInfo listed = backend.stat("leased").orElseThrow();
    new BlobLeaseClientBuilder()
        .blobClient(rawContainer().getBlobClient(PREFIX + "/leased"))
        .buildClient()
        .acquireLease(-1);

    List<DeleteFailure> failures = backend.deleteUnchanged(List.of(listed));

    // A lease is a 412 too: before, the sync kept the blob as "written since it listed it".
    assertEquals(1, failures.size());
    assertFalse(failures.get(0).changed(), failures.get(0).toString());
    assertTrue(failures.get(0).message().contains("active lease"), failures.get(0).message());
    assertTrue(backend.stat("leased").isPresent());
  }

  private BlobContainerClient rawContainer() {
    return new BlobServiceClientBuilder()
        .endpoint(SERVER.endpoint())
        .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
        .buildClient()
        .getBlobContainerClient(container);
  }

  /**
   * A block whose bytes differ from its Content-MD5 is refused by the store, and the refusal is a
   * checksum mismatch without the service's XML (Azurite says {@code InvalidOperation}, Azure
   * {@code Md5Mismatch}).
   */
  @Test
  void storeRefusesABlockWithAWrongMd5AsAChecksumMismatch() {
    byte[] wrong = new byte[16];
    BlobStorageException refused =
        assertThrows(
            BlobStorageException.class,
            () ->
                rawContainer()
                    .getBlobClient(PREFIX + "/x")
                    .getBlockBlobClient()
                    .stageBlockWithResponse(
                        new BlockBlobStageBlockOptions(
                                Base64.getEncoder().encodeToString("id".getBytes()),
                                BinaryData.fromString("hello"))
                            .setContentMd5(wrong),
                        null,
                        Context.NONE));
    StorageException e = AzureErrors.classify("azure test", container, "stage block", refused);
    assertInstanceOf(ChecksumMismatchException.class, e, e.getMessage());
    assertFalse(e.getMessage().contains("<"), e.getMessage());
    assertTrue(backend.stat("x").isEmpty());
  }

  /**
   * Azurite ignores {@code startFrom} and lists from the first blob; listings from a key are still
   * exact, since the backend also skips keys up to it.
   */
  @Test
  void azuriteIgnoresStartFromYetListingsStartAfterTheKey() {
    for (String key : List.of("a", "b", "c", "d")) {
      put(key, key);
    }
    List<String> served = new ArrayList<>();
    rawContainer()
        .listBlobs(new ListBlobsOptions().setPrefix(PREFIX + "/").setStartFrom(PREFIX + "/c"), null)
        .forEach(b -> served.add(b.getName().substring(PREFIX.length() + 1)));
    assertEquals(List.of("a", "b", "c", "d"), served, "Azurite now honours startFrom");
    assertEquals(
        List.of("c", "d"),
        backend.list("b", null, 10).objects().stream().map(ObjectInfo::key).toList());
  }

  /**
   * Whether the store lists in UTF-8 byte order, as {@code KeyOrder} and S3 do. Azurite compares
   * names as JavaScript strings (UTF-16 code units), which differs only where a character from
   * U+E000 to U+FFFF meets one beyond U+FFFF at the same position.
   */
  private static final boolean LISTS_IN_UTF8_ORDER = false;

  /**
   * A character above the surrogates (U+FB01) sorts before one beyond the Basic Multilingual Plane
   * in UTF-8 byte order, after it in UTF-16 order; the listing shows which order the store keeps.
   */
  @Test
  void listingOrderAboveTheSurrogates() {
    List<String> keys = List.of("x\uFB01", "x\uD83D\uDE00", "x\uFFFD");
    for (String key : keys) {
      put(key, key);
    }
    List<String> utf8 = new ArrayList<>(keys);
    utf8.sort(KeyNamesContract::compareUtf8);
    assertEquals(List.of("x\uFB01", "x\uFFFD", "x\uD83D\uDE00"), utf8);
    List<String> utf16 = new ArrayList<>(keys);
    utf16.sort(String::compareTo);
    List<String> expected = LISTS_IN_UTF8_ORDER ? utf8 : utf16;
    assertEquals(expected, listAll(1000), "update LISTS_IN_UTF8_ORDER and the deviations table");
    assertEquals(expected, listAll(1));
  }

  /** A connection string the client cannot read is refused naming the profile, not the string. */
  @Test
  void badConnectionStringIsRefusedWithoutQuotingIt() {
    String secret = "AccountKey=s3cr3t-in-a-string;not-a-setting";
    BackendProfile profile =
        BackendProfile.of(
            "cs",
            AzureType.TYPE,
            Map.of("account", AzuriteServer.ACCOUNT, "connectionString", secret));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AzureConnection.create(profile));
    assertTrue(e.getMessage().startsWith("profile 'cs': "), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  /** A SAS token and a connection string open the same container as the key does. */
  @Test
  void sasTokenAndConnectionStringWork() {
    put("shared", "by key");
    String sas =
        new BlobServiceClientBuilder()
            .endpoint(SERVER.endpoint())
            .credential(new StorageSharedKeyCredential(AzuriteServer.ACCOUNT, AzuriteServer.KEY))
            .buildClient()
            .generateAccountSas(
                new AccountSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    AccountSasPermission.parse("rwdlac"),
                    new AccountSasService().setBlobAccess(true),
                    new AccountSasResourceType()
                        .setService(true)
                        .setContainer(true)
                        .setObject(true)));
    String connectionString =
        "DefaultEndpointsProtocol=http;AccountName="
            + AzuriteServer.ACCOUNT
            + ";AccountKey="
            + AzuriteServer.KEY
            + ";BlobEndpoint="
            + SERVER.endpoint()
            + ";";
    for (Map<String, Object> auth :
        List.<Map<String, Object>>of(
            Map.of("sasToken", sas, "endpoint", SERVER.endpoint()),
            Map.of("connectionString", connectionString))) {
      Map<String, Object> values = new java.util.HashMap<>(auth);
      values.put("account", AzuriteServer.ACCOUNT);
      BackendProfile profile = BackendProfile.of("other", AzureType.TYPE, values);
      assertEquals(List.of(), profile.problems());
      try (AzureConnection other = AzureConnection.create(profile)) {
        StorageBackend b = open(other, container);
        assertEquals(
            List.of("shared"),
            b.list(null, null, 10).objects().stream().map(ObjectInfo::key).toList());
        b.put("written", new ByteArrayInputStream(new byte[] {7}), 1, null);
        assertEquals(1, b.stat("written").orElseThrow().size());
        assertEquals(List.of(), b.delete(List.of("written")));
      }
    }
  }

  /** A content type is carried as the string it is. */
  @Test
  void contentTypesAreKeptVerbatim() {
    for (String type : new String[] {"application/x-ferry", "not-a-media-type"}) {
      backend.put("k", new ByteArrayInputStream(new byte[1]), 1, new ObjectMetadata(type, null));
      assertEquals(type, backend.stat("k").orElseThrow().contentType());
    }
  }
}
