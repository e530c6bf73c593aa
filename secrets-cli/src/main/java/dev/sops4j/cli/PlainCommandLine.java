package dev.sops4j.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A command read from a plain command line without picocli, whose model (annotation reflection,
 * proxies, converters) takes about 0.2 s to build — forty times what Go's age needs to decrypt a
 * small file.
 *
 * <p>Plain means {@code age encrypt}, {@code age decrypt}, {@code age-keygen} or {@code decrypt} (the
 * SOPS command) followed only by option names given whole and apart from their values
 * ({@code -i PATH}, {@code --output PATH}, {@code -a}), at most one INPUT (exactly one FILE for
 * {@code decrypt}) and {@code --debug}. Every other line is declined and parsed by
 * {@link PicocliCommandLine}: help and version, usage errors, attached or clustered options
 * ({@code -iPATH}, {@code --output=PATH}, {@code -ap}), {@code --}, {@code @argfiles}, values or
 * inputs that start with {@code -} (stdin as {@code -} included), single options given twice.
 * Whatever is accepted sets exactly the fields picocli would set, so commands behave the same either
 * way ({@code PlainCommandLineTest} compares the two).
 *
 * @param command the command, its fields set from the line
 * @param debug whether {@code --debug} was given
 */
record PlainCommandLine(Callable<Integer> command, boolean debug) {
  private static final String DEBUG = "--debug";

  private static final Syntax DECRYPT = new Syntax(
      Map.of("-i", "-i", "--identity", "-i", "-o", "-o", "--output", "-o"), Map.of(), Set.of("-i"));
  private static final Syntax ENCRYPT = new Syntax(
      Map.of("-r", "-r", "--recipient", "-r", "-R", "-R", "--recipients-file", "-R", "-o", "-o", "--output", "-o"),
      Map.of("-p", "-p", "--passphrase", "-p", "-a", "-a", "--armor", "-a"), Set.of("-r", "-R"));
  private static final Syntax KEYGEN = new Syntax(
      Map.of("-o", "-o", "--output", "-o"), Map.of("--pq", "--pq", "-y", "-y"), Set.of());
  private static final Syntax SOPS_DECRYPT = new Syntax(
      Map.of("--key-file", "--key-file", "--ssh-key", "--ssh-key", "--pgp-key-file", "--pgp-key-file",
          "--gnupg-home", "--gnupg-home", "--input-type", "--input-type", "--output-type", "--output-type",
          "--extract", "--extract", "--output", "--output"),
      Map.of("--ignore-mac", "--ignore-mac"),
      Set.of("--key-file", "--ssh-key", "--pgp-key-file", "--gnupg-home"));

  /** The command {@code args} name when the line is plain; empty when picocli must parse it. */
  static Optional<PlainCommandLine> parse(String[] args, CliIo io) {
    try {
      Words words;
      if (args.length >= 2 && args[0].equals("age") && args[1].equals("decrypt")) {
        words = Words.read(args, 2, DECRYPT);
        return words == null ? Optional.empty() : Optional.of(decrypt(words, io));
      }
      if (args.length >= 2 && args[0].equals("age") && args[1].equals("encrypt")) {
        words = Words.read(args, 2, ENCRYPT);
        return words == null ? Optional.empty() : Optional.of(encrypt(words, io));
      }
      if (args.length >= 1 && args[0].equals("age-keygen")) {
        words = Words.read(args, 1, KEYGEN);
        return words == null ? Optional.empty() : Optional.of(keygen(words, io));
      }
      if (args.length >= 1 && args[0].equals("decrypt")) {
        words = Words.read(args, 1, SOPS_DECRYPT);
        return words == null || words.input() == null ? Optional.empty() : Optional.of(sopsDecrypt(words, io));
      }
      return Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty(); // picocli reports the bad value as a usage error
    }
  }

  private static PlainCommandLine decrypt(Words words, CliIo io) {
    AgeDecryptCommand command = new AgeDecryptCommand(io);
    command.identityFiles.addAll(words.paths("-i"));
    command.files.output = words.path("-o");
    command.files.input = words.input();
    return new PlainCommandLine(command, words.flag(DEBUG));
  }

  private static PlainCommandLine encrypt(Words words, CliIo io) {
    AgeEncryptCommand command = new AgeEncryptCommand(io);
    command.recipients.addAll(words.values("-r"));
    command.recipientsFiles.addAll(words.paths("-R"));
    command.passphrase = words.flag("-p");
    command.armor = words.flag("-a");
    command.files.output = words.path("-o");
    command.files.input = words.input();
    return new PlainCommandLine(command, words.flag(DEBUG));
  }

  private static PlainCommandLine keygen(Words words, CliIo io) {
    AgeKeygenCommand command = new AgeKeygenCommand(io);
    command.output = words.path("-o");
    command.postQuantum = words.flag("--pq");
    command.convert = words.flag("-y");
    command.input = words.input();
    return new PlainCommandLine(command, words.flag(DEBUG));
  }

  private static PlainCommandLine sopsDecrypt(Words words, CliIo io) {
    DecryptCommand command = new DecryptCommand(io);
    command.keys.keyFiles.addAll(words.paths("--key-file"));
    command.keys.sshKeys.addAll(words.paths("--ssh-key"));
    command.keys.pgpKeyFiles.addAll(words.paths("--pgp-key-file"));
    command.keys.gnupgHomes.addAll(words.paths("--gnupg-home"));
    command.inputType = words.value("--input-type");
    command.outputType = words.value("--output-type");
    command.extract = words.value("--extract");
    command.ignoreMac = words.flag("--ignore-mac");
    command.output = words.path("--output");
    command.file = words.input();
    return new PlainCommandLine(command, words.flag(DEBUG));
  }

  /**
   * The options of one command besides {@code --debug}: each name mapped to the option's first name.
   *
   * @param valueOptions options followed by a value
   * @param flags options without a value
   * @param repeatable the value options that may be given more than once
   */
  private record Syntax(Map<String, String> valueOptions, Map<String, String> flags, Set<String> repeatable) {}

  /** The words of a plain line after the command name, by option. */
  private static final class Words {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private String input;

    /** The words of {@code args[from..]}, or null when the line is not plain. */
    static Words read(String[] args, int from, Syntax syntax) {
      Words words = new Words();
      for (int i = from; i < args.length; i++) {
        String word = args[i];
        String valueOption = syntax.valueOptions().get(word);
        String flag = word.equals(DEBUG) ? DEBUG : syntax.flags().get(word);
        if (valueOption != null) {
          if (i + 1 == args.length || !plain(args[i + 1])) {
            return null;
          }
          List<String> given = words.values.get(valueOption);
          if (given == null) {
            given = new ArrayList<>();
            words.values.put(valueOption, given);
          } else if (!syntax.repeatable().contains(valueOption)) {
            return null;
          }
          given.add(args[++i]);
        } else if (flag != null) {
          if (words.flags.contains(flag)) {
            return null;
          }
          words.flags.add(flag);
        } else if (plain(word) && words.input == null) {
          words.input = word;
        } else {
          return null;
        }
      }
      return words;
    }

    /**
     * A value or input picocli takes as it is: not empty, no option syntax ({@code -}), no argument
     * file ({@code @}), no quote (picocli may be told to trim quotes).
     */
    private static boolean plain(String word) {
      return !word.isEmpty() && word.charAt(0) != '-' && word.charAt(0) != '@' && word.charAt(0) != '"';
    }

    List<String> values(String option) {
      return values.getOrDefault(option, List.of());
    }

    String value(String option) {
      List<String> given = values(option);
      return given.isEmpty() ? null : given.get(0);
    }

    List<Path> paths(String option) {
      List<Path> paths = new ArrayList<>();
      for (String value : values(option)) {
        paths.add(Path.of(value));
      }
      return paths;
    }

    Path path(String option) {
      List<String> given = values(option);
      return given.isEmpty() ? null : Path.of(given.get(0));
    }

    boolean flag(String name) {
      return flags.contains(name);
    }

    Path input() {
      return input == null ? null : Path.of(input);
    }
  }
}
