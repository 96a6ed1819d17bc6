package dev.ferry.activities.storage;

import java.util.List;

/**
 * Optional capability: the unfinished writes a location holds (an object store's incomplete
 * multipart uploads, a filesystem's temporary files), which a killed writer leaves behind and which
 * the store keeps (and bills) until someone aborts them.
 */
public interface IncompleteUploads {

  /**
   * The incomplete uploads under this location, oldest first.
   *
   * @throws UnsupportedOperationException (as a {@link PermanentStorageException}) when the store
   *     cannot list them
   */
  List<IncompleteUpload> incompleteUploads();

  /**
   * Aborts {@code upload}, so the store drops what it holds of it; an upload already gone counts.
   */
  void abort(IncompleteUpload upload);
}
