package dev.sops4j.ssh;

import java.math.BigInteger;
import java.util.Objects;

/** An {@code ssh-rsa} public key: modulus and public exponent. */
public final class SshRsaPublicKey implements SshPublicKey {
  /** The SSH type name. */
  public static final String TYPE = "ssh-rsa";

  private final BigInteger modulus;
  private final BigInteger publicExponent;
  private final String comment;

  private SshRsaPublicKey(BigInteger modulus, BigInteger publicExponent, String comment) {
    this.modulus = modulus;
    this.publicExponent = publicExponent;
    this.comment = comment;
  }

  /**
   * The key from its numbers. The exponent must be odd and at least 3, the modulus odd and positive.
   *
   * @param comment the key comment, empty for none
   */
  public static SshRsaPublicKey of(BigInteger modulus, BigInteger publicExponent, String comment)
      throws SshKeyException {
    if (modulus.signum() <= 0 || !modulus.testBit(0)) {
      throw new SshKeyException("ssh-rsa modulus must be a positive odd number");
    }
    if (publicExponent.compareTo(BigInteger.valueOf(3)) < 0 || !publicExponent.testBit(0)) {
      throw new SshKeyException("ssh-rsa public exponent must be odd and at least 3");
    }
    return new SshRsaPublicKey(modulus, publicExponent, Objects.requireNonNull(comment, "comment"));
  }

  @Override
  public String type() {
    return TYPE;
  }

  public BigInteger modulus() {
    return modulus;
  }

  public BigInteger publicExponent() {
    return publicExponent;
  }

  /** The size of the modulus in bits (2048 for a 2048-bit key). */
  public int bitLength() {
    return modulus.bitLength();
  }

  @Override
  public byte[] wireEncoding() {
    return new SshWireWriter().string(TYPE).mpint(publicExponent).mpint(modulus).toByteArray();
  }

  @Override
  public String comment() {
    return comment;
  }

  /** Equal when modulus and exponent are equal; the comment is ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SshRsaPublicKey k && k.modulus.equals(modulus) && k.publicExponent.equals(publicExponent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modulus, publicExponent);
  }

  @Override
  public String toString() {
    return TYPE + " " + bitLength() + " " + fingerprint() + (comment.isEmpty() ? "" : " " + comment);
  }
}
