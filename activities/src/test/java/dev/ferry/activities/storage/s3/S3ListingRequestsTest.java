package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.activities.storage.ListPage;
import dev.ferry.activities.storage.ObjectMetadata;
import dev.ferry.activities.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How many LIST requests a listing costs: on S3Proxy each one walks files. */
class S3ListingRequestsTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  /** The prefix of every LIST request, in order. */
  private final List<String> listed = Collections.synchronizedList(new ArrayList<>());

  private S3Backend backend(S3Connection connection, String bucket, List<String> keys) {
    S3.createBucket(bucket);
    S3Backend backend = S3Backend.create(connection, bucket, "", "s3 test:" + bucket);
    for (String key : keys) {
      backend.put(key, new ByteArrayInputStream(new byte[] {1}), 1, ObjectMetadata.EMPTY);
    }
    listed.clear();
    return backend;
  }

  private S3Connection connect(S3Listing listing) {
    return S3Connection.create(
        S3.profile("test", listing),
        chain -> {
          var url = chain.request().url();
          if (url.queryParameter("list-type") != null) {
            listed.add(url.queryParameter("prefix"));
          }
          return chain.proceed(chain.request());
        });
  }

  @Test
  void aFullFlatPageIsOneRequest() {
    try (S3Connection c = connect(S3Listing.FLAT)) {
      S3Backend backend = backend(c, "flat-pages", List.of("a", "b", "c", "d", "e", "f"));
      ListPage page = backend.list(null, null, 5);
      assertEquals(5, page.objects().size());
      assertTrue(page.truncated());
      assertEquals(1, listed.size(), "no request for one key more: " + listed);

      listed.clear();
      assertFalse(backend.list(null, null, 6).truncated());
      assertEquals(1, listed.size(), listed.toString());
    }
  }

  @Test
  void aWalkListsEachDirectoryOnce() {
    List<String> keys = new ArrayList<>();
    for (String dir : List.of("d0/", "d1/", "d2/")) {
      for (int i = 0; i < 4; i++) {
        keys.add(dir + "k" + i);
      }
    }
    keys.add("r");
    try (S3Connection c = connect(S3Listing.DIRECTORIES)) {
      S3Backend backend = backend(c, "walk-requests", keys);
      assertEquals(13, backend.list(null, null, 1000).objects().size());
      // Directories are listed a few at once, so the requests may arrive in any order.
      assertEquals(List.of("", "d0/", "d1/", "d2/"), listed.stream().sorted().toList());

      // Paging on from where the last page stopped goes on with the same walk.
      listed.clear();
      List<String> paged = new ArrayList<>();
      ListPage page = backend.list(null, null, 5);
      page.objects().forEach(o -> paged.add(o.key()));
      while (page.truncated()) {
        page = backend.list(page.lastKey(), null, 5);
        page.objects().forEach(o -> paged.add(o.key()));
      }
      assertEquals(keys, paged);
      assertEquals(List.of("", "d0/", "d1/", "d2/"), listed.stream().sorted().toList());
    }
  }
}
