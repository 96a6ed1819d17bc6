package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Continuing interrupted uploads on S3Proxy. */
class S3ProxyResumableWritesTest extends S3ResumableWritesContract {
  @RegisterExtension static final S3ProxyServer SERVER = new S3ProxyServer();

  S3ProxyResumableWritesTest() {
    super(SERVER, "resume-s3proxy");
  }

  /**
   * S3Proxy's filesystem store answers 501 to ListMultipartUploads: only a known id is continued.
   */
  @Override
  protected boolean listsUploads() {
    return false;
  }
}
