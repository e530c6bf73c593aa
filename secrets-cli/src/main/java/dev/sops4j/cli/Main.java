package dev.sops4j.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of {@code java -jar sops4j.jar}: {@code age-keygen}, {@code age encrypt} and
 * {@code age decrypt}. Failures print one line, {@code sops4j: error: <message>}, and exit with the
 * code of their class ({@link ExitCodes}).
 *
 * <p>Plain command lines (see {@link PlainCommandLine}) run without building picocli's model, which
 * would cost most of the start-up time; everything else goes to {@link PicocliCommandLine}.
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
    String[] line = ageStyle(args);
    try {
      Optional<PlainCommandLine> plain = PlainCommandLine.parse(line, io);
      if (plain.isEmpty()) {
        return PicocliCommandLine.execute(line, io, out, errWriter);
      }
      try {
        return plain.get().command().call();
      } catch (Exception e) { // as picocli's execute: any Exception of the command, not an Error
        return Failures.report(e, errWriter, plain.get().debug() || Failures.debugInEnvironment(env));
      }
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
}
