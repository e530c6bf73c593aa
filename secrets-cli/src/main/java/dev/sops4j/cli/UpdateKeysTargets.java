package dev.sops4j.cli;

import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.config.PgpKeyLookup;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.crypto.EncryptionRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The master keys {@code updatekeys} gives a file: those of the {@code .sops.yaml} creation rule
 * matching it, as sops does, or (a sops4j extension) the recipients named with {@code --age} and
 * {@code --pgp} as one key group.
 */
final class UpdateKeysTargets {
  @Option(names = "--age", paramLabel = "RECIPIENTS", split = ",",
      description = "Age recipients the file should be encrypted to (comma-separated, repeatable).")
  List<String> age = new ArrayList<>();

  @Option(names = "--pgp", paramLabel = "FINGERPRINTS", split = ",",
      description = "PGP fingerprints the file should be encrypted to (comma-separated, repeatable).")
  List<String> pgp = new ArrayList<>();

  @Option(names = "--pgp-public-key", paramLabel = "FILE",
      description = "A file with PGP public keys to look the fingerprints up in first (repeatable); "
          + "then --pgp-key-file, --gnupg-home, GNUPGHOME or ~/.gnupg.")
  List<Path> pgpPublicKeys = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "The .sops.yaml whose creation rule names the keys (default: SOPS_CONFIG, else the nearest "
          + ".sops.yaml above FILE).")
  Path configFile;

  @Option(names = "--shamir-secret-sharing-threshold", paramLabel = "N",
      description = "The number of key groups needed to decrypt (default: the file's).")
  int shamirThreshold;

  /**
   * The key groups {@code file} should have. This is the one place that decides them: the
   * {@code .sops.yaml} creation rule matching {@code file} will be asked here.
   */
  EncryptOptions keyGroups(Path file, CliIo io, KeyOptions keys) {
    if (age.isEmpty() && pgp.isEmpty()) {
      return fromCreationRule(file, io, keys);
    }
    List<MasterKeyGroup.AgeTarget> ageTargets = ageTargets("--age", age);
    List<PgpPublicKey> pgpKeys = pgp.isEmpty() ? List.of()
        : pgpKeys("--pgp", pgp, PgpPublicKeyLookup.load(io, keys, pgpPublicKeys));
    return new EncryptOptions(List.of(new MasterKeyGroup(ageTargets, pgpKeys)), shamirThreshold,
        EncryptionRules.defaults(), false);
  }

  /** The key groups of the {@code .sops.yaml} creation rule matching {@code file}, as sops updatekeys takes them. */
  private EncryptOptions fromCreationRule(Path file, CliIo io, KeyOptions keys) {
    try {
      SopsConfig config = SopsConfigFiles.load(configFile, file, io);
      if (config == null) {
        throw new CliException(ExitCodes.SOPS_CONFIG_FILE_NOT_FOUND, file + ": no .sops.yaml found above the "
            + "file: give --config, or name the recipients with --age and/or --pgp");
      }
      EncryptOptions rule = config.ruleFor(file).encryptOptions(config.name(),
          PgpKeyLookup.of(PgpPublicKeyLookup.load(io, keys, pgpPublicKeys)));
      return new EncryptOptions(rule.keyGroups(), shamirThreshold > 0 ? shamirThreshold : rule.shamirThreshold(),
          rule.rules(), rule.macOnlyEncrypted());
    } catch (SopsConfigException e) {
      throw new CliException(SopsConfigFiles.exitCode(e), e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Age recipients given with {@code option}, parsed; a bad one fails naming the option and recipient. */
  static List<MasterKeyGroup.AgeTarget> ageTargets(String option, List<String> recipients) {
    List<MasterKeyGroup.AgeTarget> targets = new ArrayList<>();
    for (String recipient : recipients) {
      String text = recipient.strip();
      try {
        targets.add(new MasterKeyGroup.AgeTarget(text, AgeKeys.parseRecipient(text)));
      } catch (AgeKeyException e) {
        throw new CliException(ExitCodes.KEY, option + ": " + text + ": " + e.getMessage(), e);
      }
    }
    return targets;
  }

  /** The PGP public keys of the fingerprints given with {@code option}, looked up in {@code found}. */
  static List<PgpPublicKey> pgpKeys(String option, List<String> fingerprints, PgpPublicKeys found) {
    List<PgpPublicKey> keys = new ArrayList<>();
    for (String fingerprint : fingerprints) {
      try {
        keys.add(found.require(fingerprint.strip()));
      } catch (PgpKeyException | IllegalArgumentException e) {
        throw new CliException(ExitCodes.KEY, option + ": " + e.getMessage(), e);
      }
    }
    return keys;
  }
}
