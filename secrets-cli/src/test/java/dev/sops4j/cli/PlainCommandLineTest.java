package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.format.Format;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        line("age-keygen", "-y"),
        line("decrypt", "secrets.yaml"),
        line("decrypt", "--key-file", "a.txt", "--key-file", "b key.txt", "--ssh-key", "id", "--pgp-key-file",
            "p.asc", "--gnupg-home", "g", "--gnupg-home", "h", "--input-type", "json", "--output-type", "yaml",
            "--extract", "[\"a\"][0]", "--ignore-mac", "--output", "out.yaml", "s.json", "--debug"),
        line("decrypt", "secrets.env", "--output-type", "json", "--ssh-key", "decrypt"));

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
        root.getSubcommands().get("age").getSubcommands().get("encrypt"), root.getSubcommands().get("age-keygen"),
        root.getSubcommands().get("decrypt"));
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
          if (command == root.getSubcommands().get("decrypt")) {
            words.add("secrets.yaml"); // its FILE is required
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
        line("age", "decrypt", "-i", "nul\0byte"),
        line("decrypt"), line("decrypt", "--help"), line("decrypt", "-h", "f.yaml"), line("decrypt", "-"),
        line("decrypt", "a.yaml", "b.yaml"), line("decrypt", "--key-file", "k.txt"),
        line("decrypt", "--input-type=yaml", "f"), line("decrypt", "--ignore-mac", "--ignore-mac", "f"),
        line("decrypt", "--output", "a", "--output", "b", "f"), line("decrypt", "--extract", "\"a\"", "f"),
        line("decrypt", "-i", "k.txt", "f"), line("decrypt", "f", "--no-such-option"),
        line("decrypt", "--input-type", "json", "--input-type", "yaml", "f"), line("decrypt", "f", "--extract"),
        line("--debug", "decrypt", "f"));

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

  @Test
  void aPlainSopsDecryptLoadsNoPicocliClass(@TempDir Path dir) throws Exception {
    X25519Identity identity = X25519Identity.generate();
    Path key = dir.resolve("key.txt");
    Files.writeString(key, AgeKeys.identityFileText(identity.encode(), identity.recipient().encode(), Instant.EPOCH));
    Path file = dir.resolve("s.yaml");
    Files.write(file, Sops.encrypt("answer: 42\n".getBytes(StandardCharsets.UTF_8), "plain.yaml", Format.YAML,
        EncryptOptions.of(new MasterKeyGroup(List.of(new MasterKeyGroup.AgeTarget(identity.recipient().encode(),
            identity.recipient())), List.of()))));
    Path classLog = dir.resolve("classes.txt");
    Path out = dir.resolve("out.txt");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load:file=" + classLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "decrypt", "--key-file", key.toString(), file.toString())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(name -> name.startsWith("SOPS_") || name.equals("GNUPGHOME"));
    builder.environment().put("HOME", dir.toString());
    Process p = builder.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(out)).isEqualTo("answer: 42\n");
    assertThat(Files.readString(classLog)).contains("dev.sops4j.cli.DecryptCommand").doesNotContain("picocli.");
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
    if (command instanceof DecryptCommand c) {
      return List.of("sops decrypt", String.valueOf(c.keys.keyFiles), String.valueOf(c.keys.sshKeys),
          String.valueOf(c.keys.pgpKeyFiles), String.valueOf(c.keys.gnupgHomes), String.valueOf(c.inputType),
          String.valueOf(c.outputType), String.valueOf(c.extract), String.valueOf(c.ignoreMac),
          String.valueOf(c.output), String.valueOf(c.file));
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
