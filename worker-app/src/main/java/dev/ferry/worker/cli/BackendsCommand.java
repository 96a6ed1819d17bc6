package dev.ferry.worker.cli;

import dev.ferry.activities.storage.registry.BackendRegistry;
import dev.ferry.worker.common.ExitCode;
import dev.ferry.worker.format.BackendsText;
import dev.ferry.worker.format.JsonOutput;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry backends [--json]}: the backend types a {@code ferry.yaml} profile can name, with
 * their options, for users writing one. Needs no config and no Temporal.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "backends",
    description = "List the backend types a profile can name, with their options.")
final class BackendsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() {
    String out =
        json
            ? JsonOutput.write(Map.of("backends", BackendsText.json(BackendRegistry.types())))
            : BackendsText.text(BackendRegistry.types());
    spec.commandLine().getOut().print(json ? out + "\n" : out);
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }
}
