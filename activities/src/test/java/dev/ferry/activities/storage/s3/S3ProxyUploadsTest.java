package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incomplete multipart uploads against S3Proxy (filesystem-nio2 store). */
class S3ProxyUploadsTest extends S3UploadsContract {
  @RegisterExtension static final S3ProxyServer SERVER = new S3ProxyServer();

  S3ProxyUploadsTest() {
    super(SERVER);
  }
}
