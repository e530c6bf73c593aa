package dev.sops4j.sops;

/**
 * The file's MAC is missing or does not match its values: the file was changed without the data key,
 * or damaged. Callers may choose to ignore the MAC explicitly.
 */
public final class SopsMacException extends SopsException {
  private final boolean missing;

  /** A MAC that does not match (or does not decrypt). */
  public SopsMacException(String message) {
    this(message, false);
  }

  /**
   * @param missing true when the file has no MAC at all (sops exits 52 then, 51 for a mismatch)
   */
  public SopsMacException(String message, boolean missing) {
    super(message);
    this.missing = missing;
  }

  /** True when the file has no MAC at all. */
  public boolean missing() {
    return missing;
  }
}
