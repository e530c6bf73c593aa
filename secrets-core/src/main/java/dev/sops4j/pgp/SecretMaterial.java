package dev.sops4j.pgp;

import org.bouncycastle.openpgp.PGPPrivateKey;

/** Where the secret part of one key lives, unlocked only when a message needs it. */
interface SecretMaterial {
  /** Whether a passphrase is needed. */
  boolean isProtected();

  /**
   * The private key; {@code passphrase} is null for an unprotected key.
   *
   * @throws WrongPassphrase when the passphrase is missing or wrong ({@link PgpSecretKey} names the key)
   * @throws PgpKeyException when the stored key cannot be read
   */
  PGPPrivateKey unlock(char[] passphrase) throws WrongPassphrase, PgpKeyException;

  /** Signals a wrong passphrase without a message; {@link PgpSecretKey} turns it into an exception. */
  final class WrongPassphrase extends Exception {
    WrongPassphrase() {
      super(null, null, false, false);
    }
  }
}
