package dev.sops4j.ssh;

import java.util.Arrays;
import java.util.Objects;

/** An {@code ssh-ed25519} public key: a 32-byte encoded edwards25519 point. */
public final class SshEd25519PublicKey implements SshPublicKey {
  /** The SSH type name. */
  public static final String TYPE = "ssh-ed25519";

  private final byte[] key;
  private final String comment;

  private SshEd25519PublicKey(byte[] key, String comment) {
    this.key = key;
    this.comment = comment;
  }

  /**
   * The key from its 32 encoded bytes; they must decode to a point on edwards25519.
   *
   * @param comment the key comment, empty for none
   */
  public static SshEd25519PublicKey of(byte[] key, String comment) throws SshKeyException {
    if (key.length != Ed25519Montgomery.KEY_SIZE) {
      throw new SshKeyException("ssh-ed25519 public key must be 32 bytes, got " + key.length);
    }
    if (!Ed25519Montgomery.isValidPoint(key)) {
      throw new SshKeyException("ssh-ed25519 public key is not a valid edwards25519 point");
    }
    return new SshEd25519PublicKey(key.clone(), Objects.requireNonNull(comment, "comment"));
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** A copy of the 32-byte Ed25519 public key. */
  public byte[] keyBytes() {
    return key.clone();
  }

  /**
   * The X25519 public key (Montgomery u-coordinate, 32 bytes little-endian) of this key, as age's
   * ssh-ed25519 type and ssh-to-age use it.
   */
  public byte[] montgomeryPublicKey() {
    return Ed25519Montgomery.publicKey(key);
  }

  @Override
  public byte[] wireEncoding() {
    return new SshWireWriter().string(TYPE).string(key).toByteArray();
  }

  @Override
  public String comment() {
    return comment;
  }

  /** Equal when the key bytes are equal; the comment is ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SshEd25519PublicKey k && Arrays.equals(k.key, key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return TYPE + " " + fingerprint() + (comment.isEmpty() ? "" : " " + comment);
  }
}
