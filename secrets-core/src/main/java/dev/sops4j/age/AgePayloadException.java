package dev.sops4j.age;

/**
 * The encrypted payload is damaged: a chunk failed to authenticate, is missing, is empty where it must
 * not be, or data follows the final chunk. Plaintext of the chunks before the failure was released.
 */
public final class AgePayloadException extends AgeException {
  public AgePayloadException(String message) {
    super(message);
  }

  public AgePayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
