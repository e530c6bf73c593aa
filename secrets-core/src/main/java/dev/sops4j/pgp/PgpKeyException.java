package dev.sops4j.pgp;

/**
 * A key source cannot be read or used: unreadable or malformed key file, keybox or agent key file, a
 * fingerprint that names no key, or a key that cannot encrypt. The message names the source.
 */
public final class PgpKeyException extends PgpException {
  public PgpKeyException(String message) {
    super(message);
  }

  public PgpKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
