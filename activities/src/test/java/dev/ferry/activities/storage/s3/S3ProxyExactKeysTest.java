package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.S3ProxyServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dot-segment and {@code //} keys against S3Proxy, whose file store resolves them. */
class S3ProxyExactKeysTest extends S3ExactKeysContract {
  @RegisterExtension static final S3ProxyServer SERVER = new S3ProxyServer();

  S3ProxyExactKeysTest() {
    super(SERVER);
  }

  /**
   * A PUT of {@code a/../b} sent exactly overwrites {@code b} once directory {@code a} exists, and
   * fails with InternalError while it does not.
   */
  @Override
  protected boolean keepsPaths() {
    return false;
  }
}
