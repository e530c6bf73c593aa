package dev.sops4j.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code java -jar sops4j.jar}: {@code age-keygen}, {@code age encrypt} and
 * {@code age decrypt}. Failures print one line, {@code sops4j: error: <message>}, and exit with the
 * code of their class ({@link ExitCodes}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err, System.getenv(), Terminal.system());
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line in-process and returns its exit code. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
      Terminal terminal) {
    CliIo io = new CliIo(in, out, err, env, terminal);
    PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine cli = new CommandLine(new Sops4jCommand())
        .addSubcommand(new CommandLine(new AgeCommand())
            .addSubcommand(new AgeEncryptCommand(io))
            .addSubcommand(new AgeDecryptCommand(io)))
        .addSubcommand(new AgeKeygenCommand(io))
        .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
        .setErr(errWriter)
        .setParameterExceptionHandler((e, a) -> {
          errWriter.println("sops4j: error: " + Failures.oneLine(e.getMessage())
              + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          return ExitCodes.USAGE;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          errWriter.println("sops4j: error: " + Failures.message(e));
          if (debug(parsed, env)) {
            e.printStackTrace(errWriter);
          }
          return ExitCodes.of(e);
        });
    try {
      return cli.execute(ageStyle(args));
    } finally {
      errWriter.flush();
      out.flush();
    }
  }

  /** {@code age -e ...} / {@code age -d ...} (age's own flags, given first) become the subcommands. */
  private static String[] ageStyle(String[] args) {
    if (args.length < 2 || !args[0].equals("age")) {
      return args;
    }
    String[] rewritten = args.clone();
    switch (args[1]) {
      case "-e", "--encrypt" -> rewritten[1] = "encrypt";
      case "-d", "--decrypt" -> rewritten[1] = "decrypt";
      default -> { }
    }
    return rewritten;
  }

  private static boolean debug(ParseResult parsed, Map<String, String> env) {
    String fromEnv = env.get(CliIo.DEBUG_ENV);
    if (fromEnv != null && !fromEnv.isEmpty() && !fromEnv.equals("0")) {
      return true;
    }
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
