package dev.ferry.worker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority made with the JDK's keytool: PEM files as a Temporal client
 * takes them, and PKCS#12 key stores for the test's TLS server. Nothing here outlives {@code dir}.
 */
final class TestPki {
  static final char[] PASSWORD = "ferry-test".toCharArray();
  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** A new authority named {@code name} in {@code dir}; its certificate is {@code NAME.pem}. */
  static TestPki authority(Path dir, String name) {
    TestPki pki = new TestPki(dir);
    pki.keyPair(name, "-ext", "bc:c");
    pki.keytool("-exportcert", "-rfc", "-alias", name, "-file", pki.pem(name).toString());
    return pki;
  }

  /**
   * A key and certificate {@code name}, signed by authority {@code ca}, for the names {@code san}
   * (keytool's form: {@code ip:127.0.0.1,dns:localhost}) with extended key usage {@code usage}
   * (serverAuth or clientAuth): {@code NAME.p12}, {@code NAME.pem} and {@code NAME.key} (PKCS#8).
   */
  Path issue(String ca, String name, String usage, String san) {
    Path csr = dir.resolve(name + ".csr");
    keyPair(name);
    keytool("-certreq", "-alias", name, "-file", csr.toString());
    keytool(
        "-gencert",
        "-rfc",
        "-alias",
        ca,
        "-keystore",
        p12(ca).toString(),
        "-infile",
        csr.toString(),
        "-outfile",
        pem(name).toString(),
        "-ext",
        "san=" + san,
        "-ext",
        "eku=" + usage);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        ca,
        "-keystore",
        p12(name).toString(),
        "-file",
        pem(ca).toString());
    keytool("-importcert", "-alias", name, "-file", pem(name).toString());
    writeKey(name);
    return pem(name);
  }

  /** An EC key pair {@code name} in its own {@code NAME.p12}. */
  private void keyPair(String name, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-genkeypair",
                "-alias",
                name,
                "-dname",
                "CN=" + name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1"));
    args.addAll(List.of(more));
    keytool(args.toArray(String[]::new));
  }

  Path pem(String name) {
    return dir.resolve(name + ".pem");
  }

  Path key(String name) {
    return dir.resolve(name + ".key");
  }

  Path p12(String name) {
    return dir.resolve(name + ".p12");
  }

  private void writeKey(String name) {
    try (InputStream in = Files.newInputStream(p12(name))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD);
      Key key = store.getKey(name, PASSWORD);
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(key.getEncoded());
      Files.writeString(
          key(name), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs keytool on the store of the command's alias unless it names another; what it signs is
   * valid for two days.
   */
  private void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    if (!command.contains("-keystore")) {
      command.addAll(
          List.of("-keystore", p12(command.get(command.indexOf("-alias") + 1)).toString()));
    }
    if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
      command.addAll(List.of("-validity", "2"));
    }
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
