package dev.sops4j.sops.config;

import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.pgp.PgpPublicKeys;
import java.io.IOException;

/**
 * Finds the OpenPGP public key for a fingerprint named in a creation rule or on the command line (sops
 * asks GnuPG; sops4j reads key files and GnuPG homes, see {@code PgpKeySources.loadPublicKeys()}).
 */
@FunctionalInterface
public interface PgpKeyLookup {

  /**
   * The certificate for a fingerprint or key id (spaces and case ignored).
   *
   * @throws IOException naming the fingerprint when there is no such key
   */
  PgpPublicKey find(String fingerprint) throws IOException;

  /** Looks keys up in a loaded list. */
  static PgpKeyLookup of(PgpPublicKeys keys) {
    return keys::require;
  }

  /** For callers without PGP keys: every lookup fails naming the fingerprint. */
  static PgpKeyLookup none() {
    return fingerprint -> {
      throw new IOException("no PGP public keys were given to look up " + fingerprint);
    };
  }
}
