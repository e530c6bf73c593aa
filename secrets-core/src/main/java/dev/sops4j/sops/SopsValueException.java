package dev.sops4j.sops;

/**
 * One value could not be decrypted or encrypted: malformed {@code ENC[…]}, authentication failure,
 * unknown type, or a plaintext that does not parse as its type. Names the key path, never the value.
 */
public final class SopsValueException extends SopsException {
  private final String keyPath;

  public SopsValueException(String keyPath, String problem) {
    super("at key '" + keyPath + "': " + problem);
    this.keyPath = keyPath;
  }

  public SopsValueException(String keyPath, String problem, Throwable cause) {
    super("at key '" + keyPath + "': " + problem, cause);
    this.keyPath = keyPath;
  }

  private SopsValueException(Throwable cause, String keyPath, String message) {
    super(message, cause);
    this.keyPath = keyPath;
  }

  /** This failure with the file name in front of its message. */
  public SopsValueException inFile(String source) {
    SopsValueException e = new SopsValueException(getCause(), keyPath, source + ": " + getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }

  public String keyPath() {
    return keyPath;
  }
}
