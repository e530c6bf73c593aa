package dev.sops4j.sops;

/**
 * The file's MAC is missing or does not match its values: the file was changed without the data key,
 * or damaged. Callers may choose to ignore the MAC explicitly.
 */
public final class SopsMacException extends SopsException {
  public SopsMacException(String message) {
    super(message);
  }
}
