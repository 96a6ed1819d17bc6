package dev.ferry.activities.storage;

import java.util.List;

/**
 * Optional capability: the unfinished writes a location holds (an object store's incomplete
 * multipart uploads, a filesystem's temporary files), which a killed writer leaves behind and which
 * the store keeps (and bills) until someone aborts them.
 */
public interface IncompleteUploads {

  /**
   * The incomplete uploads under this location, oldest first. An upload still being written is
   * among them: aborting it makes its writer fail and start over.
   *
   * @throws PermanentStorageException naming the store's answer when the store cannot list them (an
   *     S3 server without ListMultipartUploads answers NotImplemented)
   */
  List<IncompleteUpload> incompleteUploads();

  /**
   * Aborts {@code upload}, one that {@link #incompleteUploads()} listed, so the store drops what it
   * holds of it; an upload already gone (aborted or completed meanwhile) counts as aborted.
   */
  void abort(IncompleteUpload upload);
}
