package dev.sops4j.pgp;

import java.util.List;

/**
 * None of our secret keys is a recipient of the message. The message lists the key ids the message
 * is encrypted to and the fingerprints of the keys we hold.
 */
public final class PgpNoMatchingKeyException extends PgpException {
  private final List<String> recipientKeyIds;
  private final List<String> heldFingerprints;

  public PgpNoMatchingKeyException(String message, List<String> recipientKeyIds, List<String> heldFingerprints) {
    super(message);
    this.recipientKeyIds = List.copyOf(recipientKeyIds);
    this.heldFingerprints = List.copyOf(heldFingerprints);
  }

  /** The 16-hex key ids the message is encrypted to ({@code 0000000000000000} for a hidden recipient). */
  public List<String> recipientKeyIds() {
    return recipientKeyIds;
  }

  /** The 40-hex fingerprints of the secret keys that were tried. */
  public List<String> heldFingerprints() {
    return heldFingerprints;
  }
}
