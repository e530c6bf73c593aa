package dev.sops4j.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The full command line, parsed by picocli from the annotated command classes: help, version,
 * usage errors and every form of option syntax. Building it costs about 0.2 s of start-up, so
 * {@link Main} comes here only for what {@link PlainCommandLine} declines.
 */
final class PicocliCommandLine {
  private PicocliCommandLine() {}

  /** The command tree, writing usage text to {@code out} and failures to {@code err}. */
  static CommandLine create(CliIo io, PrintStream out, PrintWriter err) {
    return new CommandLine(new Sops4jCommand())
        .addSubcommand(new CommandLine(new AgeCommand())
            .addSubcommand(new AgeEncryptCommand(io))
            .addSubcommand(new AgeDecryptCommand(io)))
        .addSubcommand(new AgeKeygenCommand(io))
        .addSubcommand(new SshToAgeCommand(io))
        .addSubcommand(new KeysCommand(io))
        .addSubcommand(new DecryptCommand(io))
        .addSubcommand(new InstallCommand(io))
        .addSubcommand(new EncryptCommand(io))
        .addSubcommand(new UpdateKeysCommand(io))
        .addSubcommand(new RotateCommand(io))
        .addSubcommand(new SetCommand(io))
        .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
        .setErr(err)
        .setParameterExceptionHandler((e, a) -> {
          err.println(Failures.PREFIX + Failures.oneLine(e.getMessage())
              + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          return ExitCodes.USAGE;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) ->
            Failures.report(e, err, debug(parsed) || Failures.debugInEnvironment(io.env())));
  }

  /** Parses {@code args} and runs the command they name; returns the exit code. */
  static int execute(String[] args, CliIo io, PrintStream out, PrintWriter err) {
    return create(io, out, err).execute(args);
  }

  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
