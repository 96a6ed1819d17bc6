package dev.ferry.activities.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.BackendProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryConfigTest {
  private static final String SECRET = "s3cr3t-Value";
  // Azure's keys are base64.
  private static final String AZURE_SECRET = "czNjcjN0LWtleS12YWx1ZQ==";

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("ferry.yaml"), yaml);
  }

  /** The file as a worker reads it: every profile must be usable. */
  private static FerryConfig load(Path file) {
    return loadLeniently(file).requireUsable();
  }

  /** The file as a client reads it: an unusable profile fails only where it is used. */
  private static FerryConfig loadLeniently(Path file) {
    Map<String, String> env =
        Map.of("SRC_ACCESS_KEY", "AKID", "SRC_SECRET_KEY", SECRET, "AZURE_KEY", AZURE_SECRET);
    return FerryConfig.load(file, env::get);
  }

  @Test
  void readsTheDesignExample() throws IOException {
    Path file =
        write(
            """
            temporal: { target: 127.0.0.1:7233, namespace: default, taskQueue: ferry }
            backends:
              src:     { type: s3, endpoint: http://127.0.0.1:9000, region: us-east-1,
                         accessKey: ${SRC_ACCESS_KEY}, secretKey: ${SRC_SECRET_KEY}, partSize: 8MiB }
              archive: { type: file, root: /srv/archive }
            """);
    FerryConfig config = load(file);
    assertEquals("127.0.0.1:7233", config.temporal().target());
    assertEquals("ferry", config.temporal().taskQueue());
    BackendProfile src = config.profile("src");
    assertEquals("s3", src.type().name());
    assertEquals("AKID", src.text("accessKey"));
    assertEquals(SECRET, src.text("secretKey"));
    assertEquals(8L << 20, src.number("partSize"));
    assertEquals("auto", src.text("listing"));
    assertEquals(Path.of("/srv/archive"), config.profile("archive").path("root"));
    assertEquals(List.of("src", "archive"), List.copyOf(config.backends().keySet()));
    assertFalse(src.toString().contains(SECRET));
    assertFalse(src.toString().contains("AKID"));
    assertFalse(config.toString().contains(SECRET));
  }

  @Test
  void temporalDefaultsAndHiddenApiKey() throws IOException {
    Path file =
        write(
            """
            temporal:
              target: ns.tmprl.cloud:7233
              apiKey: ${SRC_SECRET_KEY}
              tlsCa: certs/ca.pem
            """);
    TemporalSettings t = load(file).temporal();
    assertEquals("default", t.namespace());
    assertEquals("ferry", t.taskQueue());
    assertEquals(SECRET, t.apiKey());
    assertEquals(dir.resolve("certs/ca.pem"), t.tlsCa());
    assertTrue(t.usesTls());
    assertFalse(t.toString().contains(SECRET));
  }

  @Test
  void noTemporalSectionMeansNull() throws IOException {
    assertNull(load(write("backends: {}\n")).temporal());
    assertTrue(load(write("")).backends().isEmpty());
  }

  @Test
  void anUnsetVariableFailsOnlyWhatUsesItsProfileAndIsNamed() throws IOException {
    Path file =
        write(
            """
            backends:
              src: { type: s3, endpoint: http://h:1, accessKey: ${NOPE_X}, secretKey: k }
              local: { type: file, root: /srv }
            """);
    FerryConfig config = loadLeniently(file);
    assertEquals(Path.of("/srv"), config.profile("local").path("root"));
    String expected =
        file
            + ": environment variable NOPE_X is not set (used by backends.src.accessKey);"
            + " export NOPE_X or edit the file";
    assertEquals(
        expected, assertThrows(ConfigException.class, () -> config.profile("src")).getMessage());
    // A worker serves every profile: it fails at start.
    assertEquals(expected, assertThrows(ConfigException.class, config::requireUsable).getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> config.profile("dst"));
    assertTrue(unknown.getMessage().contains("known profiles: local, src"), unknown.getMessage());
  }

  @Test
  void everyUnsetVariableOfAProfileIsNamedAtOnce() throws IOException {
    // Before: only NOPE_A, so the user met NOPE_B on the next try.
    Path file =
        write(
            """
            backends:
              src: { type: s3, endpoint: http://h:1, accessKey: ${NOPE_A}, secretKey: ${NOPE_B} }
            """);
    String problem =
        assertThrows(ConfigException.class, loadLeniently(file)::requireUsable).getMessage();
    assertTrue(problem.contains("NOPE_A is not set (used by backends.src.accessKey)"), problem);
    assertTrue(problem.contains("NOPE_B is not set (used by backends.src.secretKey)"), problem);
  }

  @Test
  void aVariableReferenceThatIsNotOneIsRefusedNotTakenLiterally() throws IOException {
    for (String value : List.of("'${SECRET'", "${my-key}", "x${}")) {
      Path file =
          write(
              "temporal: { target: h:1 }\nbackends:\n  s: { type: s3, secretKey: "
                  + value
                  + " }\n");
      ConfigException e = assertThrows(ConfigException.class, () -> load(file), value);
      assertTrue(
          e.getMessage().contains("'${' at line 3 (backends.s.secretKey) starts no variable"),
          e.getMessage());
    }
    // Only the profile that holds it is refused, and a comment holds no value.
    FerryConfig config =
        loadLeniently(
            write(
                "# costs ${ per GiB\nbackends:\n  s: { type: s3, endpoint: http://h:1,"
                    + " secretKey: ${KEY }\n  local: { type: file, root: /srv }\n"));
    assertEquals(Path.of("/srv"), config.profile("local").path("root"));
    ConfigException s = assertThrows(ConfigException.class, () -> config.profile("s"));
    assertTrue(s.getMessage().contains("'${' at line 3 (backends.s.secretKey)"), s.getMessage());
  }

  @Test
  void anUnsetVariableInTheTemporalSectionFailsTheFile() throws IOException {
    Path file = write("temporal: { target: '${NOPE_T}' }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(e.getMessage().contains("NOPE_T is not set"), e.getMessage());
  }

  @Test
  void aFileThatIsNotUtf8IsNamedAsSuch() throws IOException {
    Path file = write("backends: {}\n");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertEquals("config file " + file + " is not UTF-8 text; save it as UTF-8", e.getMessage());
  }

  @Test
  void aTargetWithoutAPortIsNamed() throws IOException {
    Path file = write("temporal: { target: temporal.internal }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertEquals(
        file
            + ": temporal.target 'temporal.internal' is not HOST:PORT;"
            + " write e.g. target: 127.0.0.1:7233",
        e.getMessage());
  }

  @Test
  void fallbackValue() throws IOException {
    Path file = write("temporal: { target: '${NOPE_T:-localhost:7233}' }\n");
    assertEquals("localhost:7233", load(file).temporal().target());
  }

  @Test
  void azureNeedsExactlyOneWayToAuthenticate() throws IOException {
    Path ok =
        write(
            """
            backends:
              az: { type: azure, account: data, key: ${AZURE_KEY}, blockSize: 4MiB }
            """);
    BackendProfile az = load(ok).profile("az");
    assertEquals("azure", az.type().name());
    assertEquals(4L << 20, az.number("blockSize"));
    assertFalse(az.toString().contains(AZURE_SECRET));
    for (String auth : List.of("key: ${AZURE_KEY}, sasToken: sv=x", "")) {
      Path file = write("backends:\n  az: { type: azure, account: data, " + auth + " }\n");
      ConfigException e = assertThrows(ConfigException.class, () -> load(file));
      List<String> lines = e.getMessage().lines().filter(l -> l.contains("profile 'az'")).toList();
      assertEquals(1, lines.size(), e.getMessage());
      assertTrue(
          lines.get(0).contains("set exactly one of key, sasToken or connectionString"),
          e.getMessage());
      assertFalse(e.getMessage().contains(AZURE_SECRET));
    }
    // A key that is not base64 (here one of another store) is refused, and never quoted.
    Path notBase64 =
        write("backends:\n  az: { type: azure, account: data, key: ${SRC_SECRET_KEY} }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(notBase64));
    assertTrue(e.getMessage().contains("key is not base64"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    // So is a connection string the Azure client would refuse only once a migration used it.
    for (String cs :
        List.of(
            "AccountName=data;AccountKey=${SRC_SECRET_KEY}!!;EndpointSuffix=core.windows.net",
            "garbage-${SRC_SECRET_KEY}",
            "AccountName=data;EndpointSuffix=core.windows.net")) {
      Path file =
          write(
              "backends:\n  az: { type: azure, account: data, connectionString: \""
                  + cs
                  + "\" }\n");
      ConfigException bad = assertThrows(ConfigException.class, () -> load(file));
      assertTrue(bad.getMessage().contains("profile 'az'"), bad.getMessage());
      assertTrue(bad.getMessage().contains("connectionString"), bad.getMessage());
      assertFalse(bad.getMessage().contains(SECRET), bad.getMessage());
    }
    Path good =
        write(
            "backends:\n  az: { type: azure, account: data, connectionString:"
                + " \"AccountName=data;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net\" }\n");
    assertEquals("azure", load(good).profile("az").type().name());
  }

  @Test
  void aMalformedProfileFailsOnlyWhatUsesIt() throws IOException {
    Path file =
        write(
            """
            backends:
              typo: { type: s3, endpoint: ftp://h:1, accessKey: a, secretKey: ${SRC_SECRET_KEY} }
              bad: { type: ftp }
              local: { type: file, root: /srv }
            """);
    FerryConfig config = loadLeniently(file);
    assertEquals(Path.of("/srv"), config.profile("local").path("root"));
    ConfigException typo = assertThrows(ConfigException.class, () -> config.profile("typo"));
    assertEquals(
        file + ": backends.typo.endpoint must be an http:// or https:// URL, got 'ftp://h:1'",
        typo.getMessage());
    ConfigException bad = assertThrows(ConfigException.class, () -> config.profile("bad"));
    assertTrue(bad.getMessage().contains("profile 'bad': type must be s3"), bad.getMessage());
    // A worker serves every profile: it names both at start, on one line.
    String all = assertThrows(ConfigException.class, config::requireUsable).getMessage();
    assertTrue(all.contains("backends.typo.endpoint") && all.contains("'bad'"), all);
    assertFalse(all.contains("\n") || all.contains(SECRET), all);
  }

  /** A storage class becomes a request header: one that could not be a class name is refused. */
  @Test
  void aStorageClassThatCannotBeOneIsRefused() throws IOException {
    String s3 = "backends:\n  p: { type: s3, endpoint: http://h:1, storageClass: ";
    assertEquals(
        "GLACIER_IR", load(write(s3 + "GLACIER_IR }\n")).profile("p").text("storageClass"));
    for (String bad : List.of("'STANDARD IA'", "'IA\\r\\nx-amz-acl: public-read'")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> load(write(s3 + bad + " }\n")), bad);
      assertTrue(
          e.getMessage().contains("profile 'p': storageClass must be a storage class name such as"),
          e.getMessage());
    }
  }

  /** Azure's tiers and GCS's classes are a fixed set, in any case: another is refused. */
  @Test
  void aTierOrClassTheStoreHasNotIsRefusedWithTheChoices() throws IOException {
    FerryConfig written =
        load(
            write(
                "backends:\n  a: { type: azure, account: x, key: eA==, accessTier: Cool }\n"
                    + "  g: { type: gcs, storageClass: NEARLINE }\n"));
    assertEquals("cool", written.profile("a").text("accessTier"));
    assertEquals("nearline", written.profile("g").text("storageClass"));
    ConfigException azure =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    write(
                        "backends:\n  a: { type: azure, account: x, key: eA==, accessTier: Frozen"
                            + " }\n")));
    assertTrue(
        azure
            .getMessage()
            .endsWith("backends.a.accessTier must be hot, cool, cold or archive, got 'Frozen'"),
        azure.getMessage());
    ConfigException gcs =
        assertThrows(
            ConfigException.class,
            () -> load(write("backends:\n  g: { type: gcs, storageClass: GLACIER }\n")));
    assertTrue(
        gcs.getMessage()
            .endsWith(
                "backends.g.storageClass must be standard, nearline, coldline or archive, got"
                    + " 'GLACIER'"),
        gcs.getMessage());
  }

  @Test
  void aSizeOrDurationTooLargeIsNamedNotWrapped() throws IOException {
    String s3 = "backends:\n  p: { type: s3, endpoint: http://h:1, partSize: ";
    for (String size :
        List.of("17179869185GiB", "9223372036854775807KiB", "99999999999999999999")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> load(write(s3 + size + " }\n")), size);
      assertTrue(
          e.getMessage().endsWith("backends.p.partSize is too large a size, got '" + size + "'"),
          e.getMessage());
    }
    ConfigException big = assertThrows(ConfigException.class, () -> load(write(s3 + "3GiB }\n")));
    assertTrue(
        big.getMessage().contains("partSize must be between 5MiB and 2047MiB"), big.getMessage());
    ConfigException slow =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    write(
                        "backends:\n  g: { type: synthetic, listLatency: 99999999999999999999m"
                            + " }\n")));
    assertTrue(slow.getMessage().contains("is too long a duration"), slow.getMessage());
  }

  @Test
  void oneMessagePerProblem() throws IOException {
    Path file =
        write(
            """
            backends:
              src: { type: s3, accessKey: a, secretKey: ${SRC_SECRET_KEY} }
              bad: { type: ftp }
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(
        e.getMessage()
            .contains("profile 'bad': type must be s3, azure, gcs, file, synthetic or discard"),
        e.getMessage());
    Path file2 =
        write("backends:\n  src: { type: s3, accessKey: a, secretKey: ${SRC_SECRET_KEY} }\n");
    e = assertThrows(ConfigException.class, () -> load(file2));
    assertTrue(e.getMessage().contains("profile 'src': missing endpoint"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET));
    Path file3 = write("backends:\n  a: { type: file }\n  b: { type: file, root: rel }\n");
    e = assertThrows(ConfigException.class, () -> load(file3));
    assertTrue(e.getMessage().contains("profile 'a': missing root"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void listingIsFlatOrDirectoriesOnS3Only() throws IOException {
    String s3 = "backends:\n  src: { type: s3, endpoint: http://127.0.0.1:9000, listing: ";
    assertEquals("directories", load(write(s3 + "directories }\n")).profile("src").text("listing"));
    ConfigException e = assertThrows(ConfigException.class, () -> load(write(s3 + "dirs }\n")));
    assertEquals(
        "backends.src.listing must be auto, flat or directories, got 'dirs'",
        e.getMessage().substring(e.getMessage().indexOf("backends.")));
    Path file = write("backends:\n  a: { type: file, root: /x, listing: flat }\n");
    e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(
        e.getMessage().contains("profile 'a': listing applies only to type s3"), e.getMessage());
  }

  @Test
  void gcsProfileIsCheckedAndItsJsonKeyHidden() throws IOException {
    Path file =
        write(
            """
            backends:
              g: { type: gcs, credentialsJson: ${SRC_SECRET_KEY}, credentials: key.json,
                   chunkSize: 1000, region: x }
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(
        e.getMessage().contains("profile 'g': region applies only to type s3"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    Path file2 =
        write(
            """
            backends:
              g: { type: gcs, credentialsJson: ${SRC_SECRET_KEY}, credentials: key.json,
                   chunkSize: 1000 }
            """);
    e = assertThrows(ConfigException.class, () -> load(file2));
    assertTrue(
        e.getMessage().contains("profile 'g': set credentials or credentialsJson, not both"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("chunkSize must be a multiple of 256KiB up to 1GiB, got 1000"),
        e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    BackendProfile ok =
        load(write("backends:\n  g: { type: gcs, credentialsJson: ${SRC_SECRET_KEY} }\n"))
            .profile("g");
    assertEquals(16L << 20, ok.number("chunkSize"));
    assertFalse(ok.toString().contains(SECRET), ok.toString());
  }

  @Test
  void unknownKeyIsRefused() throws IOException {
    Path file = write("backends:\n  src: { type: file, root: /x, rot: /y }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(e.getMessage().contains("backends.src.rot"), e.getMessage());
  }

  @Test
  void brokenYamlNamesTheLine() throws IOException {
    Path file = write("backends:\n  src: { type: s3\n  x: [\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertTrue(e.getMessage().contains("invalid YAML at line"), e.getMessage());
  }

  @Test
  void aTabIsNamedWhereItIsWithTheFix() throws IOException {
    Path file = write("backends:\n\tsrc: { type: file, root: /srv }\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertEquals(
        file
            + ": invalid YAML at line 2, column 1: a tab, which YAML does not allow here; indent"
            + " with spaces",
        e.getMessage());
  }

  @Test
  void aSyntaxErrorIsTheProblemAtItsPlaceNotTheParsersContext() throws IOException {
    Path file = write("backends: [not yaml\n  - {{\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertFalse(e.getMessage().contains("while parsing"), e.getMessage());
    assertTrue(e.getMessage().contains("at line 2, column"), e.getMessage());
  }

  @Test
  void aProfileGivenTwiceIsRefusedNotSilentlyReplaced() throws IOException {
    Path file =
        write(
            """
            backends:
              vg: { type: s3, endpoint: http://h:1, accessKey: a, secretKey: k }
              vg: { type: file, root: /tmp }
            """);
    ConfigException e = assertThrows(ConfigException.class, () -> load(file));
    assertEquals(file + ": key 'vg' is given twice (again at line 3); keep one", e.getMessage());
  }

  @Test
  void unknownProfileListsKnownOnes() throws IOException {
    FerryConfig config =
        load(write("backends:\n  a: { type: file, root: /x }\n  b: { type: file, root: /y }\n"));
    ConfigException e = assertThrows(ConfigException.class, () -> config.profile("c"));
    assertTrue(e.getMessage().contains("known profiles: a, b"), e.getMessage());
  }

  @Test
  void locateOrder() throws IOException {
    Path file = write("");
    Path other = Files.writeString(dir.resolve("other.yaml"), "");
    Map<String, String> env = Map.of("FERRY_CONFIG", other.toString());
    assertEquals(file, FerryConfig.locate("ferry.yaml", env::get, dir));
    assertEquals(other, FerryConfig.locate(null, env::get, dir));
    assertEquals(file, FerryConfig.locate(null, name -> null, dir));
    assertNull(FerryConfig.locate(null, name -> null, dir.resolve("sub")));
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> FerryConfig.locate("missing.yaml", name -> null, dir));
    assertTrue(e.getMessage().contains("missing.yaml"), e.getMessage());
    Map<String, String> badEnv = Map.of("FERRY_CONFIG", "/nope/ferry.yaml");
    e = assertThrows(ConfigException.class, () -> FerryConfig.locate(null, badEnv::get, dir));
    assertTrue(e.getMessage().contains("FERRY_CONFIG"), e.getMessage());
  }
}
