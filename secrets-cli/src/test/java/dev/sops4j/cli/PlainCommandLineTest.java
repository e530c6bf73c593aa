package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@link PlainCommandLine} accepts only lines that picocli parses to the very same command. */
class PlainCommandLineTest {
  private final CliIo io = new CliIo(InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream()),
      new PrintStream(new ByteArrayOutputStream()), Map.of(), Terminal.NONE);

  @Test
  void acceptedLinesSetWhatPicocliSets() {
    List<String[]> lines = List.of(
        line("age", "decrypt"),
        line("age", "decrypt", "-i", "key.txt", "file.age"),
        line("age", "decrypt", "file.age", "-i", "a.txt", "--identity", "b key.txt", "-o", "out", "--debug"),
        line("age", "decrypt", "--output", "x=y", "--debug", "-i", "decrypt"),
        line("age", "encrypt", "-r", "age1abc", "--recipient", "ssh-ed25519 AAAA c", "-R", "r.txt",
            "--recipients-file", "s.txt", "-a", "-o", "o.age", "in.txt"),
        line("age", "encrypt", "-p", "--armor", "--output", "o"),
        line("age", "encrypt", "--passphrase", "-r", "x", "input", "--debug"),
        line("age-keygen"),
        line("age-keygen", "-o", "key.txt"),
        line("age-keygen", "--pq", "--output", "key.txt", "--debug"),
        line("age-keygen", "-y", "key.txt"),
        line("age-keygen", "-y"));

    for (String[] line : lines) {
      Optional<PlainCommandLine> plain = PlainCommandLine.parse(line, io);
      assertThat(plain).as(String.join(" ", line)).isPresent();
      ParseResult parsed = picocli().parseArgs(line);
      ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      assertThat(fields(plain.get().command())).as(String.join(" ", line))
          .isEqualTo(fields(leaf.commandSpec().userObject()));
      assertThat(plain.get().debug()).as(String.join(" ", line)).isEqualTo(matchedDebug(parsed));
    }
  }

  @Test
  void everyOptionPicocliKnowsIsPlainExceptHelpAndVersion() {
    CommandLine root = picocli();
    List<CommandLine> commands = List.of(root.getSubcommands().get("age").getSubcommands().get("decrypt"),
        root.getSubcommands().get("age").getSubcommands().get("encrypt"), root.getSubcommands().get("age-keygen"));
    for (CommandLine command : commands) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        for (String name : option.names()) {
          List<String> words = new ArrayList<>(List.of(command.getCommandSpec().qualifiedName().split(" ")));
          words.remove(0); // "sops4j"
          words.add(name);
          if (option.arity().max() > 0) {
            words.add("value");
          }
          String[] line = words.toArray(String[]::new);
          assertThat(PlainCommandLine.parse(line, io)).as(String.join(" ", line)).isPresent();
        }
      }
    }
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    List<String[]> lines = List.of(
        line(), line("--help"), line("--version"), line("--debug", "age", "decrypt"), line("age"),
        line("age", "--help"), line("age", "--debug", "decrypt"), line("frobnicate"), line("age", "frobnicate"),
        line("age", "decrypt", "--help"), line("age", "decrypt", "-h"), line("age", "encrypt", "-V"),
        line("age-keygen", "--version"),
        line("age", "decrypt", "-ikey.txt"), line("age", "decrypt", "--identity=key.txt"),
        line("age", "decrypt", "-i=key.txt"), line("age", "encrypt", "-ap"),
        line("age", "decrypt", "--", "file"), line("age", "decrypt", "@args.txt"), line("age", "decrypt", "-"),
        line("age", "decrypt", ""), line("age", "decrypt", "\"quoted\""), line("age", "decrypt", "-i"),
        line("age", "decrypt", "-i", "-o", "x"), line("age", "decrypt", "-o", "-"),
        line("age", "decrypt", "a", "b"), line("age", "decrypt", "-o", "a", "-o", "b"),
        line("age", "encrypt", "-a", "-a"), line("age", "encrypt", "-p", "--passphrase"),
        line("age", "decrypt", "--debug", "--debug"), line("age", "decrypt", "--no-such-flag"),
        line("age", "decrypt", "-r", "age1abc"), line("age", "encrypt", "-i", "key.txt"),
        line("age-keygen", "-o", "a", "--output", "b"), line("age-keygen", "-y", "-"),
        line("age", "decrypt", "-i", "nul\0byte"));

    for (String[] line : lines) {
      assertThat(PlainCommandLine.parse(line, io)).as(String.join(" ", line)).isEmpty();
    }
  }

  @Test
  void aPlainLineLoadsNoPicocliClass(@TempDir Path dir) throws Exception {
    Path classLog = dir.resolve("classes.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load:file=" + classLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "age-keygen", "-o", dir.resolve("key.txt").toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    assertThat(Files.readString(classLog)).contains("dev.sops4j.cli.AgeKeygenCommand").doesNotContain("picocli.");
  }

  private CommandLine picocli() {
    return PicocliCommandLine.create(io, new PrintStream(new ByteArrayOutputStream()),
        new PrintWriter(new StringWriter()));
  }

  private static boolean matchedDebug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** The parsed state of a command, as text. */
  private static List<String> fields(Object command) {
    if (command instanceof AgeDecryptCommand c) {
      return List.of("decrypt", String.valueOf(c.identityFiles), String.valueOf(c.files.output),
          String.valueOf(c.files.input));
    }
    if (command instanceof AgeEncryptCommand c) {
      return List.of("encrypt", String.valueOf(c.recipients), String.valueOf(c.recipientsFiles),
          String.valueOf(c.passphrase), String.valueOf(c.armor), String.valueOf(c.files.output),
          String.valueOf(c.files.input));
    }
    if (command instanceof AgeKeygenCommand c) {
      return List.of("age-keygen", String.valueOf(c.output), String.valueOf(c.postQuantum),
          String.valueOf(c.convert), String.valueOf(c.input));
    }
    throw new AssertionError("unexpected command " + command);
  }

  private static String[] line(String... words) {
    return words;
  }
}
