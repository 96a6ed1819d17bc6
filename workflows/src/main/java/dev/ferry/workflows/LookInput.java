package dev.ferry.workflows;

import java.util.List;

/**
 * Input of {@code LookAtDestination}.
 *
 * @param request the migration whose destination to look at
 * @param witnesses the first and the newest finished ranges of the pass running; empty when none
 *     was kept (a run recorded before witnesses), where only an emptied destination can be told
 */
public record LookInput(MigrationRequest request, List<Witness> witnesses) {
  public LookInput {
    witnesses = witnesses == null ? List.of() : List.copyOf(witnesses);
  }
}
