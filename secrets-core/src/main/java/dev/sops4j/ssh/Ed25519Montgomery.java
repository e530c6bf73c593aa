package dev.sops4j.ssh;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The birational map from edwards25519 to curve25519 that lets an Ed25519 key pair act as an X25519
 * key pair (as age's ssh-ed25519 type and ssh-to-age use it).
 */
final class Ed25519Montgomery {
  static final int KEY_SIZE = 32;
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private Ed25519Montgomery() {}

  /** True when the 32 bytes decode to a point on edwards25519. */
  static boolean isValidPoint(byte[] edwardsPublicKey) {
    return edwardsPublicKey.length == KEY_SIZE && Ed25519.validatePublicKeyPartial(edwardsPublicKey, 0);
  }

  /**
   * The X25519 public key (Montgomery u, little-endian) of an Ed25519 public key: u = (1 + y) / (1 - y)
   * mod p, where y is the encoding with the x sign bit cleared. The identity point (y = 1) maps to 0.
   */
  static byte[] publicKey(byte[] edwardsPublicKey) {
    byte[] bigEndian = new byte[KEY_SIZE];
    for (int i = 0; i < KEY_SIZE; i++) {
      bigEndian[i] = edwardsPublicKey[KEY_SIZE - 1 - i];
    }
    bigEndian[0] &= 0x7F;
    BigInteger y = new BigInteger(1, bigEndian).mod(P);
    BigInteger denominator = BigInteger.ONE.subtract(y).mod(P);
    BigInteger inverse = denominator.signum() == 0 ? BigInteger.ZERO : denominator.modInverse(P);
    BigInteger u = BigInteger.ONE.add(y).multiply(inverse).mod(P);
    return littleEndian32(u);
  }

  /** The X25519 scalar of an Ed25519 seed: the first half of SHA-512(seed), not clamped. */
  static byte[] scalar(byte[] seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
      byte[] out = Arrays.copyOf(h, KEY_SIZE);
      Arrays.fill(h, (byte) 0);
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable", e);
    }
  }

  /** The Ed25519 public key of a 32-byte seed. */
  static byte[] edwardsPublicKey(byte[] seed) {
    byte[] pk = new byte[KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    return pk;
  }

  private static byte[] littleEndian32(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[KEY_SIZE];
    for (int i = 0; i < KEY_SIZE && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }
}
