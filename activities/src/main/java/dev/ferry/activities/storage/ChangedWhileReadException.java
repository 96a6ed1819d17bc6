package dev.ferry.activities.storage;

import java.io.IOException;

/**
 * A source object changed while it was read, or since it was listed: the bytes read may mix two
 * versions, so the read ends with this instead of its last bytes and nothing is stored from it. A
 * later attempt reads it again.
 */
public final class ChangedWhileReadException extends IOException {
  public ChangedWhileReadException(String message) {
    super(message);
  }
}
