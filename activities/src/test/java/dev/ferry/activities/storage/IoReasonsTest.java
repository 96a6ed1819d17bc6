package dev.ferry.activities.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
  @Test
  void aFilesystemErrorGivesItsReasonWithoutThePathItAlreadyNames() {
    assertEquals(
        "Permission denied",
        IoReasons.osReason(new FileSystemException("/srv/a", null, "Permission denied")));
  }

  @Test
  void otherErrorsGiveTheirMessage() {
    assertEquals("Broken pipe", IoReasons.osReason(new IOException("Broken pipe")));
  }

  @Test
  void aFilesystemErrorJavaGaveNoReasonIsNamedByItsKindNotByItsPath() {
    // Java's message for these is the path alone: "cannot read /srv/a (/srv/a)" says nothing.
    assertEquals("Permission denied", IoReasons.osReason(new AccessDeniedException("/srv/a")));
    assertEquals("No such file or directory", IoReasons.osReason(new NoSuchFileException("/a")));
    assertEquals(
        "a filesystem error without a reason (FileSystemException)",
        IoReasons.osReason(new FileSystemException("/srv/a")));
  }

  @Test
  void anErrorWithoutAMessageIsSaidToHaveNoneNeverJustItsClass() {
    assertEquals(
        "an I/O error without a message (EOFException)", IoReasons.osReason(new EOFException()));
    assertEquals(
        "an I/O error without a message (IOException)", IoReasons.osReason(new IOException(" ")));
  }
}
