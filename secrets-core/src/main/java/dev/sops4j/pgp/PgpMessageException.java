package dev.sops4j.pgp;

/**
 * An OpenPGP message is malformed, not integrity protected, fails its integrity check (MDC or AEAD
 * tag), or its session key does not decrypt. The message names the source label, never plaintext.
 */
public final class PgpMessageException extends PgpException {
  public PgpMessageException(String message) {
    super(message);
  }

  public PgpMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
