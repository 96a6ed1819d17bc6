package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.worker.common.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's --help renders whole: a stray % in a description made picocli warn. */
class HelpTextTest {
  @Test
  void everyCommandsHelpPrintsWithoutWarnings() {
    List<String[]> commands = new ArrayList<>();
    for (String verb : FerryCommand.verbNames()) {
      commands.add(new String[] {verb, "--help"});
    }
    commands.add(new String[] {"schedule", "create", "--help"});
    for (String[] command : commands) {
      CliRun help = CliRun.of(command);
      assertEquals(ExitCode.OK, help.exit(), String.join(" ", command) + ": " + help.err());
      assertEquals("", help.err(), String.join(" ", command));
      assertTrue(help.out().startsWith("Usage: ferry " + command[0]), help.out());
    }
  }
}
