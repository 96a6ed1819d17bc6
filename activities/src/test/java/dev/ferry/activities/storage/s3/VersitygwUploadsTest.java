package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.VersitygwServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incomplete multipart uploads against versitygw. */
class VersitygwUploadsTest extends S3UploadsContract {
  @RegisterExtension static final VersitygwServer SERVER = new VersitygwServer();

  VersitygwUploadsTest() {
    super(SERVER);
  }

  /**
   * A page after NextKeyMarker and NextUploadIdMarker is refused with InvalidArgument: the marker
   * key's uploads are dropped before the id is looked for.
   */
  @Override
  protected boolean resumesAfterItsUploadIdMarker() {
    return false;
  }
}
