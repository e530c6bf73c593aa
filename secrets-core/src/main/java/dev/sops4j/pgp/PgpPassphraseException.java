package dev.sops4j.pgp;

/**
 * A passphrase-protected secret key could not be unlocked: no passphrase was given, or it is wrong.
 * The message names the key's fingerprint and source, never the passphrase.
 */
public final class PgpPassphraseException extends PgpException {
  private final String fingerprint;

  public PgpPassphraseException(String fingerprint, String message) {
    super(message);
    this.fingerprint = fingerprint;
  }

  /** The 40-hex fingerprint of the key that stayed locked. */
  public String fingerprint() {
    return fingerprint;
  }
}
