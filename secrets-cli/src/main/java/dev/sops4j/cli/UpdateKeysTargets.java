package dev.sops4j.cli;

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
 * The master keys {@code updatekeys} gives a file: for now the recipients named on the command line
 * (one key group), until the {@code .sops.yaml} creation rule for the file provides them (see
 * {@link #keyGroups}).
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

  @Option(names = "--shamir-secret-sharing-threshold", paramLabel = "N",
      description = "The number of key groups needed to decrypt (default: the file's).")
  int shamirThreshold;

  /**
   * The key groups {@code file} should have. This is the one place that decides them: the
   * {@code .sops.yaml} creation rule matching {@code file} will be asked here.
   */
  EncryptOptions keyGroups(Path file, CliIo io, KeyOptions keys) {
    if (age.isEmpty() && pgp.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, file + ": no master keys given: name the recipients the "
          + "file should have with --age and/or --pgp");
    }
    List<MasterKeyGroup.AgeTarget> ageTargets = ageTargets("--age", age);
    List<PgpPublicKey> pgpKeys = pgp.isEmpty() ? List.of()
        : pgpKeys("--pgp", pgp, PgpPublicKeyLookup.load(io, keys, pgpPublicKeys));
    return new EncryptOptions(List.of(new MasterKeyGroup(ageTargets, pgpKeys)), shamirThreshold,
        EncryptionRules.defaults(), false);
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
