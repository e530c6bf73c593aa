package dev.sops4j.age;

/**
 * A key, recipient or identity string or file cannot be used: bad Bech32, wrong prefix, wrong length,
 * unsupported type. The message names the file and line where known, never the key itself.
 */
public final class AgeKeyException extends AgeException {
  public AgeKeyException(String message) {
    super(message);
  }

  public AgeKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
