package dev.sops4j.cli;

import dev.sops4j.keys.PgpKeySources;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.config.ConfigLookup;
import dev.sops4j.sops.config.EncryptSettings;
import dev.sops4j.sops.config.PgpKeyLookup;
import dev.sops4j.sops.config.PlainInput;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j encrypt}: encrypts a plaintext file for the keys of the command line or of the
 * matching {@code .sops.yaml} creation rule, as {@code sops encrypt} does. The rule lookup and the
 * merging of options are core's {@link EncryptSettings}; the encryption is {@link Sops#encrypt}.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = {"Encrypt a YAML, JSON, dotenv, INI or binary file as sops encrypt does. Without --age or "
        + "--pgp the keys come from the creation rule of the .sops.yaml that matches FILE (found in FILE's "
        + "directory or above, or given with --config or SOPS_CONFIG). Prints to standard output unless "
        + "--in-place or --output."})
final class EncryptCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = "--age", paramLabel = "RECIPIENTS",
      description = "Comma-separated age recipients (age1…, age1pq1…, ssh-ed25519 …, ssh-rsa …); repeatable.")
  List<String> age = new ArrayList<>();

  @Option(names = "--pgp", paramLabel = "FINGERPRINTS", description = "Comma-separated PGP fingerprints; repeatable.")
  List<String> pgp = new ArrayList<>();

  @Option(names = "--pgp-key-file", paramLabel = "FILE",
      description = "A file with PGP public keys to look fingerprints up in before GNUPGHOME / ~/.gnupg (repeatable).")
  List<Path> pgpKeyFiles = new ArrayList<>();

  @Option(names = "--gnupg-home", paramLabel = "DIR", description = "A GnuPG home to look PGP fingerprints up in first (repeatable).")
  List<Path> gnupgHomes = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "The .sops.yaml to use instead of searching for one (default: $SOPS_CONFIG).")
  Path config;

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: from the file extension).")
  String inputType;

  @Option(names = "--output-type", paramLabel = "TYPE", description = "Write this format (default: the input's).")
  String outputType;

  @Option(names = {"-i", "--in-place"}, description = "Replace FILE with the encrypted file (atomically, same mode).")
  boolean inPlace;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write to FILE (created with mode 0600, replaced atomically) instead of standard output.")
  Path output;

  @Option(names = "--unencrypted-suffix", paramLabel = "SUFFIX", description = "Leave keys ending in SUFFIX clear.")
  String unencryptedSuffix;

  @Option(names = "--encrypted-suffix", paramLabel = "SUFFIX", description = "Encrypt only keys ending in SUFFIX.")
  String encryptedSuffix;

  @Option(names = "--unencrypted-regex", paramLabel = "RE", description = "Leave keys matching RE (Go RE2) clear.")
  String unencryptedRegex;

  @Option(names = "--encrypted-regex", paramLabel = "RE", description = "Encrypt only keys matching RE (Go RE2).")
  String encryptedRegex;

  @Option(names = "--unencrypted-comment-regex", paramLabel = "RE",
      description = "Leave values clear whose preceding comment matches RE.")
  String unencryptedCommentRegex;

  @Option(names = "--encrypted-comment-regex", paramLabel = "RE",
      description = "Encrypt only values whose preceding comment matches RE.")
  String encryptedCommentRegex;

  @Option(names = "--mac-only-encrypted", description = "Compute the MAC over the encrypted values only.")
  boolean macOnlyEncrypted;

  @Option(names = "--shamir-secret-sharing-threshold", paramLabel = "N",
      description = "Key groups needed to decrypt (default: the rule's shamir_threshold, else all).")
  int shamirThreshold;

  @Parameters(paramLabel = "FILE", description = "The plaintext file.")
  Path file;

  EncryptCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (inPlace && output != null) {
      throw new CliException(ExitCodes.SOPS_CONFLICTING_PARAMETERS, "cannot use both --output and --in-place");
    }
    if (shamirThreshold < 0) {
      throw new CliException(ExitCodes.USAGE, "--shamir-secret-sharing-threshold must not be negative");
    }
    if (!Files.exists(file)) {
      throw new CliException(ExitCodes.SOPS_NO_FILE_SPECIFIED, "cannot operate on non-existent file " + file);
    }
    Format input = inputType != null ? format("--input-type", inputType) : Format.fromPath(file);
    Format out = outputType != null ? format("--output-type", outputType) : input;
    byte[] data = Files.readAllBytes(file);
    EncryptOptions options;
    try {
      options = settings().resolve(file, input, loadConfig(), new LazyPgpKeys());
    } catch (SopsConfigException e) {
      throw new CliException(SopsConfigFiles.exitCode(e), e.getMessage(), e);
    }
    if (PlainInput.hasSopsMetadata(data, file.toString(), input)) {
      throw new CliException(ExitCodes.SOPS_FILE_ALREADY_ENCRYPTED, file + ": the file already has sops metadata "
          + "(a top-level 'sops' entry, or 'sops_' entries in flat formats): it is encrypted already; "
          + "rename that entry if the file is plaintext");
    }
    if (PlainInput.hasNoDocument(data, input)) {
      throw new CliException(ExitCodes.SOPS_NEED_AT_LEAST_ONE_DOCUMENT, file
          + ": the file cannot be completely empty, it must contain at least one document");
    }
    Documents plain;
    try {
      plain = input.store().readPlain(data, file.toString());
    } catch (SopsParseException e) {
      throw new CliException(ExitCodes.SOPS_COULD_NOT_READ_INPUT, e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.SOPS_NEED_AT_LEAST_ONE_DOCUMENT, file
          + ": the file cannot be completely empty, it must contain at least one document", e);
    }
    byte[] encrypted = Sops.encrypt(plain, out, options);
    if (inPlace) {
      InPlaceFile.replace(file, encrypted);
      return ExitCodes.OK;
    }
    try (OutputTarget target = OutputTarget.open(output, io.out())) {
      target.stream().write(encrypted);
      target.commit();
    }
    return ExitCodes.OK;
  }

  private EncryptSettings settings() {
    Map<Kind, String> rules = new EnumMap<>(Kind.class);
    putIfSet(rules, Kind.UNENCRYPTED_SUFFIX, unencryptedSuffix);
    putIfSet(rules, Kind.ENCRYPTED_SUFFIX, encryptedSuffix);
    putIfSet(rules, Kind.UNENCRYPTED_REGEX, unencryptedRegex);
    putIfSet(rules, Kind.ENCRYPTED_REGEX, encryptedRegex);
    putIfSet(rules, Kind.UNENCRYPTED_COMMENT_REGEX, unencryptedCommentRegex);
    putIfSet(rules, Kind.ENCRYPTED_COMMENT_REGEX, encryptedCommentRegex);
    return new EncryptSettings(age, pgp, rules, macOnlyEncrypted, shamirThreshold);
  }

  private static void putIfSet(Map<Kind, String> rules, Kind kind, String value) {
    if (value != null && !value.isEmpty()) {
      rules.put(kind, value);
    }
  }

  /** The explicit config (--config, else SOPS_CONFIG), else the one found from FILE's directory, else none. */
  private SopsConfig loadConfig() throws SopsConfigException {
    return SopsConfigFiles.load(config, file, io);
  }

  private static Format format(String option, String name) {
    try {
      return Format.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
    }
  }

  /** Reads the PGP public keys only when a fingerprint has to be looked up. */
  private final class LazyPgpKeys implements PgpKeyLookup {
    private PgpPublicKeys keys;

    @Override
    public PgpPublicKey find(String fingerprint) throws IOException {
      if (keys == null) {
        PgpKeySources sources = PgpKeySources.of(io.env(), KeyOptions.home(io));
        pgpKeyFiles.forEach(sources::keyFile);
        gnupgHomes.forEach(sources::gnupgHome);
        keys = sources.loadPublicKeys().keys();
      }
      return keys.require(fingerprint);
    }
  }
}
