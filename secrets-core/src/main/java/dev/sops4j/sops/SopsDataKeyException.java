package dev.sops4j.sops;

/**
 * No master key opened the data key (or too few key groups for the Shamir threshold). The message
 * lists every key group and master key tried with the reason each failed, and the key sources looked
 * at.
 */
public final class SopsDataKeyException extends SopsException {
  public SopsDataKeyException(String message) {
    super(message);
  }

  public SopsDataKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
