package dev.sops4j.cli;

import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.RotateOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.metadata.PgpMasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j rotate}: a new data key for a SOPS file, every value encrypted again, as {@code sops
 * rotate} does. Prints the result unless {@code --in-place} or {@code --output}.
 */
@Command(name = "rotate", mixinStandardHelpOptions = true,
    description = {"Generate a new data key for a SOPS file and encrypt every value again with it, as sops "
        + "rotate does. The master keys stay the same unless --add-*/--rm-* change them; the MAC is "
        + "verified first."})
final class RotateCommand implements Callable<Integer> {
  private final CliIo io;

  @Mixin
  KeyOptions keys = new KeyOptions();

  @Option(names = {"-i", "--in-place"}, description = "Write the result back to FILE instead of standard output.")
  boolean inPlace;

  @Option(names = "--output", paramLabel = "OUT", description = "Write the result to OUT (created with mode 0600).")
  Path output;

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: from the file extension).")
  String inputType;

  @Option(names = "--pgp-public-key", paramLabel = "FILE",
      description = "A file with the public keys of the file's PGP master keys (repeatable); then "
          + "--pgp-key-file, --gnupg-home, GNUPGHOME or ~/.gnupg.")
  List<Path> pgpPublicKeys = new ArrayList<>();

  @Option(names = "--add-age", paramLabel = "RECIPIENTS", split = ",",
      description = "Age recipients to add to the first key group (comma-separated).")
  List<String> addAge = new ArrayList<>();

  @Option(names = "--rm-age", paramLabel = "RECIPIENTS", split = ",",
      description = "Age recipients to remove from the key groups (comma-separated).")
  List<String> removeAge = new ArrayList<>();

  @Option(names = "--add-pgp", paramLabel = "FINGERPRINTS", split = ",",
      description = "PGP fingerprints to add to the first key group (comma-separated).")
  List<String> addPgp = new ArrayList<>();

  @Option(names = "--rm-pgp", paramLabel = "FINGERPRINTS", split = ",",
      description = "PGP fingerprints to remove from the key groups (comma-separated).")
  List<String> removePgp = new ArrayList<>();

  @Option(names = {"--rm-kms", "--rm-gcp-kms", "--rm-hckms", "--rm-azure-kv", "--rm-hc-vault-transit"},
      paramLabel = "KEYS", split = ",",
      description = "KMS, Vault and other master keys to remove (ARN, resource id, key URL; comma-separated): "
          + "sops4j cannot encrypt a new data key to them.")
  List<String> removeOther = new ArrayList<>();

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The SOPS file.")
  Path file;

  RotateCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (file == null) {
      throw new CliException(ExitCodes.SOPS_NO_FILE_SPECIFIED, "no file specified");
    }
    if (inPlace && output != null) {
      throw new CliException(ExitCodes.SOPS_CONFLICTING_PARAMETERS, "cannot operate on both --output and --in-place");
    }
    boolean changesKeys = !addAge.isEmpty() || !removeAge.isEmpty() || !addPgp.isEmpty() || !removePgp.isEmpty()
        || !removeOther.isEmpty();
    if (changesKeys && !Files.exists(file)) {
      throw new CliException(ExitCodes.SOPS_CANNOT_CHANGE_KEYS_OF_MISSING_FILE, "cannot add or remove keys on "
          + "non-existent file " + file);
    }
    Format format = inputType != null ? format("--input-type", inputType) : Format.fromPath(file);
    byte[] data = Files.readAllBytes(file);
    PgpPublicKeys certificates = !addPgp.isEmpty() || hasPgpKeys(data, file.toString(), format)
        ? PgpPublicKeyLookup.load(io, keys, pgpPublicKeys) : PgpPublicKeys.concat(List.of());
    List<String> remove = new ArrayList<>(removeAge);
    remove.addAll(removePgp);
    remove.addAll(removeOther);
    RotateOptions options = new RotateOptions(certificates, new MasterKeyGroup(
        UpdateKeysTargets.ageTargets("--add-age", addAge), UpdateKeysTargets.pgpKeys("--add-pgp", addPgp, certificates)),
        remove);
    byte[] rotated = Sops.rotate(data, file.toString(), format, keys.load(io), options);
    if (inPlace) {
      InPlaceFile.replace(file, rotated);
      return ExitCodes.OK;
    }
    try (OutputTarget target = OutputTarget.open(output, io.out())) {
      target.stream().write(rotated);
      target.commit();
    }
    return ExitCodes.OK;
  }

  /** Whether the file names PGP master keys (only then are public keys looked for). */
  private static boolean hasPgpKeys(byte[] data, String source, Format format) throws SopsException {
    return MetadataReader.read(format.store().readEncrypted(data, source).metadata(), source).masterKeys()
        .stream().anyMatch(k -> k instanceof PgpMasterKey);
  }

  /** Parses a format option, or fails with a usage error naming the option. */
  static Format format(String option, String name) {
    try {
      return Format.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
    }
  }
}
