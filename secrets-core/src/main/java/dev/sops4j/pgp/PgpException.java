package dev.sops4j.pgp;

import java.io.IOException;

/**
 * Base of every OpenPGP failure: one subclass per kind of failure. Messages name the source (key file
 * or message label), key ids and fingerprints, never key material, passphrases or plaintext.
 */
public abstract sealed class PgpException extends IOException
    permits PgpKeyException, PgpPassphraseException, PgpNoMatchingKeyException, PgpMessageException {

  PgpException(String message) {
    super(message);
  }

  PgpException(String message, Throwable cause) {
    super(message, cause);
  }
}
