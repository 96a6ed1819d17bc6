package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.Http;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactKeys} against the clients themselves: every key whose URL the MinIO client builds
 * (and OkHttp resolves) for another path must be called rewritten, so a library upgrade that
 * rewrites more keys fails here.
 */
class ExactKeysTest {
  private static final String[] KEYS = {
    "plain",
    "a/b/c.txt",
    "a/../b",
    "x/../../other/k",
    "./z",
    "x/.",
    "x/./y",
    ".",
    "..",
    "...",
    "..a/.b/c..",
    "a//b",
    "a//",
    "//x",
    "/lead",
    "trail/",
    "/",
    "//",
    "/a/",
    "a/",
    "sp ace+%?#&=\"'\t\n",
    "%2e%2E/x",
    "%2F",
    "é/e\u0301/日本/😀",
  };

  @Test
  void everyKeyTheClientsRewriteIsCalledRewritten() throws Exception {
    Http.BaseUrl base = new Http.BaseUrl("http://127.0.0.1:9000");
    for (String key : KEYS) {
      String sent = base.buildUrl(Http.Method.GET, "bkt", key, "us-east-1", null).encodedPath();
      boolean rewritten = !decode(sent).equals("/bkt/" + key);
      assertTrue(
          !rewritten || ExactKeys.rewrittenByClient(key), "key [" + key + "] sent as " + sent);
    }
  }

  /** Ordinary keys keep the usual clients' fast path. */
  @Test
  void ordinaryKeysAreNotRewritten() {
    for (String key :
        new String[] {
          "plain",
          "a/b/c.txt",
          "...",
          "..a/.b/c..",
          "/lead",
          "trail/",
          "/a/",
          "é/e\u0301/日本/😀",
          "sp ace+%?#&=\"'\t\n"
        }) {
      assertFalse(ExactKeys.rewrittenByClient(key), key);
    }
  }

  @Test
  void encodesEveryByteButUnreservedAndSlash() {
    assertEquals("a/../b", ExactKeys.encodePath("a/../b"));
    assertEquals("a//b/", ExactKeys.encodePath("a//b/"));
    assertEquals(
        "sp%20ace%2B%25%3F%23%26%3D%22%27%09%0A", ExactKeys.encodePath("sp ace+%?#&=\"'\t\n"));
    assertEquals("%C3%A9-_.~", ExactKeys.encodePath("é-_.~"));
    for (String key : KEYS) {
      assertEquals(key, decode(ExactKeys.encodePath(key)), key);
    }
  }

  private static String decode(String path) {
    return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
