package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.VersitygwServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Errors, multipart uploads and server-side copy against versitygw's posix backend. */
class VersitygwErrorsAndPartsTest extends S3ErrorsAndPartsContract {
  @RegisterExtension static final VersitygwServer SERVER = new VersitygwServer();

  VersitygwErrorsAndPartsTest() {
    super(SERVER);
  }
}
