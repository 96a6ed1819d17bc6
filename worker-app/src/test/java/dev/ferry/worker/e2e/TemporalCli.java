package dev.ferry.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stock {@code temporal} CLI pointed at one server, run as a process: what an operator types.
 */
final class TemporalCli {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path executable;
  private final String address;

  TemporalCli(Path executable, String address) {
    this.executable = executable;
    this.address = address;
  }

  /** Runs {@code temporal ARGS --address A}; the caller decides whether failure is expected. */
  CommandResult run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    command.add("--address");
    command.add(address);
    return Commands.run(command, Map.of(), TIMEOUT);
  }

  /** Runs {@code temporal ARGS --output json}, requires exit 0, parses stdout. */
  JsonNode json(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--output");
    all.add("json");
    return run(all.toArray(String[]::new)).ok().json();
  }
}
