package dev.ferry.activities.storage.s3;

import dev.ferry.activities.testing.MotoServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Errors, multipart uploads and server-side copy against moto. */
class MotoErrorsAndPartsTest extends S3ErrorsAndPartsContract {
  @RegisterExtension static final MotoServer SERVER = new MotoServer();

  MotoErrorsAndPartsTest() {
    super(SERVER);
  }

  /** moto checks no signature: a wrong secret is let in. */
  @Override
  protected boolean checksSignatures() {
    return false;
  }
}
