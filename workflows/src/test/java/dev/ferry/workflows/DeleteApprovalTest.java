package dev.ferry.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeleteApprovalTest {
  private static final KeyRange RANGE = new KeyRange(null, "k", 2, 20);

  /** Two copied objects in the current encoding (24 bytes each, base64). */
  private static final Fingerprints TWO =
      new Fingerprints(Fingerprints.CURRENT + "A".repeat(64), "");

  private static MigrationRequest move(boolean approveDelete) {
    MigrationRequest copy = MigrationRequest.of("a:b", "c:d");
    return new MigrationRequest(
            copy.source(),
            copy.destination(),
            Mode.MOVE,
            1,
            Verification.CHECKSUM,
            1,
            null,
            null,
            null,
            null,
            false,
            10,
            10,
            false)
        .withApproveDelete(approveDelete);
  }

  @Test
  void holdsOnlyAMoveThatAsksForApproval() {
    DeleteApproval gate = new DeleteApproval();
    assertFalse(gate.hold(move(false), RANGE, TWO));
    assertFalse(gate.hold(MigrationRequest.of("a:b", "c:d").withApproveDelete(true), RANGE, TWO));
    assertTrue(gate.isEmpty());
    assertTrue(gate.hold(move(true), RANGE, TWO));
    assertFalse(gate.isEmpty());
  }

  @Test
  void anApprovalReleasesOnlyWhatItsReasonCounted() {
    DeleteApproval gate = new DeleteApproval();
    gate.hold(move(true), RANGE, TWO);
    assertFalse(gate.approve(new DeleteApprovalSignal("early"), 1), "nobody was asked yet");
    assertNull(gate.approvedBy());

    gate.hold(move(true), RANGE, TWO);
    assertEquals("awaiting delete approval: 4 objects verified", gate.ask());
    assertTrue(gate.awaiting());
    assertTrue(gate.approve(new DeleteApprovalSignal("  alice "), 1_000));
    assertFalse(gate.awaiting());
    assertEquals("alice", gate.approvedBy());
    assertEquals(Instant.ofEpochMilli(1_000), gate.approvedAt());
    assertTrue(gate.hasReleased());
    assertFalse(gate.hasHeld());
    gate.nextReleased();
    gate.nextReleased();
    assertTrue(gate.isEmpty());

    gate.hold(move(true), RANGE, TWO);
    assertEquals("awaiting delete approval: 2 objects verified", gate.ask());
    assertTrue(gate.approve(null, 2_000));
    assertEquals("(unnamed)", gate.approvedBy());
  }
}
