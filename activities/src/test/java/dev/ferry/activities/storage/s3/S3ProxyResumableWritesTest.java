package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continuing interrupted uploads on S3Proxy, whose {@code filesystem-nio2} store (4.x) lists
 * unfinished uploads and their parts as S3 does.
 */
class S3ProxyResumableWritesTest extends S3ResumableWritesContract {
  @RegisterExtension static final S3ProxyServer SERVER = new S3ProxyServer();

  S3ProxyResumableWritesTest() {
    super(SERVER, "resume-s3proxy");
  }
}
