package dev.sops4j.ssh;

import java.util.Arrays;

/** An {@code ssh-ed25519} private key: the 32-byte seed and its public key. */
public final class SshEd25519PrivateKey implements SshPrivateKey {
  private final byte[] seed;
  private final SshEd25519PublicKey publicKey;

  private SshEd25519PrivateKey(byte[] seed, SshEd25519PublicKey publicKey) {
    this.seed = seed;
    this.publicKey = publicKey;
  }

  /** The key from its 32-byte seed; the public key is derived from it. */
  public static SshEd25519PrivateKey fromSeed(byte[] seed, String comment) throws SshKeyException {
    if (seed.length != Ed25519Montgomery.KEY_SIZE) {
      throw new SshKeyException("ssh-ed25519 seed must be 32 bytes, got " + seed.length);
    }
    byte[] copy = seed.clone();
    return new SshEd25519PrivateKey(copy,
        SshEd25519PublicKey.of(Ed25519Montgomery.edwardsPublicKey(copy), comment));
  }

  @Override
  public SshEd25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * The X25519 secret scalar of this key: the first 32 bytes of SHA-512(seed), not clamped (X25519
   * clamps). This is what age's ssh-ed25519 type and ssh-to-age use. The caller owns the copy.
   */
  public byte[] x25519Scalar() {
    return Ed25519Montgomery.scalar(seed);
  }

  /** Equal when the seeds are equal (constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SshEd25519PrivateKey k && java.security.MessageDigest.isEqual(k.seed, seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "ssh-ed25519 private key " + publicKey.fingerprint()
        + (publicKey.comment().isEmpty() ? "" : " " + publicKey.comment());
  }

  /** A copy of the seed; package-private (tests, and re-encoding later). */
  byte[] seed() {
    return Arrays.copyOf(seed, seed.length);
  }
}
