package dev.sops4j.sops;

/**
 * The {@code sops} metadata is missing (not a SOPS file) or invalid: a bad field, more than one
 * encryption rule, an unparsable {@code lastmodified}, a bad Shamir threshold.
 */
public final class SopsMetadataException extends SopsException {
  public SopsMetadataException(String message) {
    super(message);
  }

  public SopsMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
