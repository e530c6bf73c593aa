package dev.sops4j.cli;

import dev.sops4j.keys.PgpKeySources;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpPublicKeys;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the OpenPGP public keys a command encrypts a data key to: the files given with {@code
 * --pgp-public-key}, the key options' {@code --pgp-key-file} and {@code --gnupg-home}, then {@code
 * GNUPGHOME} or {@code ~/.gnupg}. Sources that cannot be read are skipped; a fingerprint that is then
 * missing is reported by the lookup with every source read.
 */
final class PgpPublicKeyLookup {
  private PgpPublicKeyLookup() {
  }

  static PgpPublicKeys load(CliIo io, KeyOptions keys, List<Path> publicKeyFiles) {
    PgpKeySources sources = PgpKeySources.of(io.env(), KeyOptions.home(io));
    publicKeyFiles.forEach(sources::keyFile);
    keys.pgpKeyFiles.forEach(sources::keyFile);
    keys.gnupgHomes.forEach(sources::gnupgHome);
    try {
      return sources.loadPublicKeys().keys();
    } catch (PgpKeyException e) {
      throw new CliException(ExitCodes.KEY, "cannot read PGP public keys: " + e.getMessage(), e);
    }
  }
}
