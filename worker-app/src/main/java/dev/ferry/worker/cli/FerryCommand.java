package dev.ferry.worker.cli;

import dev.ferry.activities.storage.RetryableStorageException;
import dev.ferry.activities.storage.StorageException;
import dev.ferry.worker.common.BadInputException;
import dev.ferry.worker.common.ExitCode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of the {@code ferry} executable: one subcommand per verb of DESIGN §4. */
@Command(
    name = "ferry",
    mixinStandardHelpOptions = true,
    version = "ferry 0.1.0",
    description = "Durable data migrations between object stores and filesystems, on Temporal.")
public final class FerryCommand implements Runnable {
  /** The verbs, in the order {@code ferry --help} lists them. */
  private static final List<Class<?>> VERBS =
      List.of(
          WorkerCommand.class,
          RunCommand.class,
          StartCommand.class,
          StatusCommand.class,
          WatchCommand.class,
          ListCommand.class,
          PauseCommand.class,
          ResumeCommand.class,
          ApproveCommand.class,
          CancelCommand.class,
          FailuresCommand.class,
          RetryCommand.class,
          ReportCommand.class,
          SetConcurrencyCommand.class,
          SetMaxDeleteCommand.class,
          CutoverCommand.class,
          BackendsCommand.class,
          UploadsCommand.class,
          ScheduleCommand.class);

  private final boolean terminal;

  @Spec CommandSpec spec;

  FerryCommand(boolean terminal) {
    this.terminal = terminal;
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    Thread preload = ArchivePreload.startIfRecording();
    int exit = execute(args, System.console() != null, null, null);
    ArchivePreload.finish(preload, exit);
    System.exit(exit);
  }

  /**
   * Runs one command line and returns its exit code; {@code out}/{@code err} default to the
   * process's streams when null.
   */
  static int execute(String[] args, boolean terminal, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLogging.configure(debug, args.length > 0 && args[0].equals("worker"));
    CommandLine cli = new CommandLine(new FerryCommand(terminal));
    // Picocli reflects over every subcommand it is given, a fifth of a client command's start-up:
    // it gets only the verb named, or all of them when none is (for --help and the error).
    Class<?> named = args.length == 0 ? null : verb(args[0]);
    for (Class<?> verb : named == null ? VERBS : List.of(named)) {
      cli.addSubcommand(verb);
    }
    // After the verbs: picocli gives a converter only to the subcommands it already has.
    // A class, not a method reference: two lambda proxies of one method crash JDK 17's dynamic
    // class-data archive dump, which the launcher makes at a client command's exit.
    WholeNumber wholeNumber = new WholeNumber();
    cli.registerConverter(Integer.class, wholeNumber);
    cli.registerConverter(int.class, wholeNumber);
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setParameterExceptionHandler(FerryCommand::usageError);
    cli.setExecutionExceptionHandler((e, line, parseResult) -> failure(e, line, debug));
    return cli.execute(args);
  }

  /** An option's number, refused in words ("is too large"), never "is not an int". */
  private static final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String text) {
      try {
        return Integer.valueOf(text.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'"
                + text
                + "' is "
                + (text.strip().matches("[-+]?\\d+") ? "too large" : "not a whole number"));
      }
    }
  }

  /** The verbs' names, in the order {@code ferry --help} lists them. */
  static List<String> verbNames() {
    return VERBS.stream().map(v -> v.getAnnotation(Command.class).name()).toList();
  }

  private static Class<?> verb(String name) {
    for (Class<?> verb : VERBS) {
      if (verb.getAnnotation(Command.class).name().equals(name)) {
        return verb;
      }
    }
    return null;
  }

  boolean terminal() {
    return terminal;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is missing");
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    String name = line.getCommandSpec().qualifiedName();
    err.println(name + ": " + describe(e, line));
    err.println("see: " + name + " --help");
    err.flush();
    return ExitCode.BAD_INPUT;
  }

  /**
   * The mistake to name first. A misspelt option ({@code --form}) also leaves the real one missing,
   * and picocli reports the missing one: the misspelling is the cause, so it is named instead, with
   * the option or verb it is nearest to.
   */
  private static String describe(ParameterException e, CommandLine line) {
    List<String> unmatched = line.getUnmatchedArguments();
    if (!(e instanceof UnmatchedArgumentException) && unmatched.isEmpty()) {
      return e.getMessage();
    }
    UnmatchedArgumentException unknown =
        e instanceof UnmatchedArgumentException u
            ? u
            : new UnmatchedArgumentException(line, unmatched);
    String first = unknown.getUnmatched().get(0);
    if (unknown.isUnknownOption()) {
      List<String> options =
          line.getCommandSpec().options().stream()
              .filter(o -> !o.hidden())
              .flatMap(o -> Arrays.stream(o.names()))
              .toList();
      return "unknown option '" + first + "'" + NearestNames.suggestion(first, options);
    }
    if (!line.getSubcommands().isEmpty()) {
      return "unknown command '"
          + first
          + "'"
          + NearestNames.suggestion(first, line.getSubcommands().keySet());
    }
    return "unexpected argument '" + first + "'";
  }

  private static int failure(Exception e, CommandLine line, boolean debug) {
    if (e instanceof BadInputException bad) {
      return report(line, e, debug, bad.getMessage(), bad.fix(), ExitCode.BAD_INPUT);
    }
    if (e instanceof StorageException store) {
      // A store's answer is already said in words that name the location: no class name.
      boolean passing = store instanceof RetryableStorageException;
      return report(
          line,
          e,
          debug,
          firstLine(store.getMessage()),
          passing ? "it may pass: run again" : "correct what it names and run again",
          passing ? ExitCode.FAILED : ExitCode.BAD_INPUT);
    }
    return report(
        line,
        e,
        debug,
        e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()),
        debug ? null : "run again with --debug for details",
        ExitCode.FAILED);
  }

  /** Prints the problem, the fix under it (if any) and, with --debug, the stack trace. */
  private static int report(
      CommandLine line, Exception e, boolean debug, String problem, String fix, int exit) {
    PrintWriter err = line.getErr();
    err.println("ferry: " + problem);
    if (fix != null) {
      err.println("  " + fix);
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return exit;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
