package dev.sops4j.age;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** The small set of primitives the age format is built from. Package-private: not API. */
final class Primitives {
  static final int FILE_KEY_SIZE = 16;
  private static final byte[] ZERO_NONCE = new byte[12];
  private static final int SHA256_SIZE = 32;

  private Primitives() {}

  /** The random source, seeded on first use only: decryption never needs it. */
  private static final class RandomSource {
    static final SecureRandom SOURCE = new SecureRandom();
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RandomSource.SOURCE.nextBytes(b);
    return b;
  }

  /** HKDF-SHA-256 (extract with salt, expand with info), 32 bytes of output. */
  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    return hkdf(ikm, salt, info.getBytes(java.nio.charset.StandardCharsets.US_ASCII), SHA256_SIZE);
  }

  /**
   * HKDF-SHA-256 (RFC 5869). A null or empty salt means 32 zero bytes (the same HMAC key, since HMAC
   * pads keys with zeros). At most 255 * 32 bytes of output.
   */
  static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 0 || length > 255 * SHA256_SIZE) {
      throw new IllegalArgumentException("HKDF-SHA-256 output must be 0 to 8160 bytes, not " + length);
    }
    byte[] prk = new HmacSha256(salt == null || salt.length == 0 ? new byte[SHA256_SIZE] : salt)
        .update(ikm, 0, ikm.length).doFinal();
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    for (int done = 0, counter = 1; done < length; done += block.length, counter++) {
      byte[] previous = block;
      block = new HmacSha256(prk).update(previous, 0, previous.length).update(info, 0, info.length)
          .update(new byte[] {(byte) counter}, 0, 1).doFinal();
      Arrays.fill(previous, (byte) 0);
      System.arraycopy(block, 0, out, done, Math.min(block.length, length - done));
    }
    Arrays.fill(block, (byte) 0);
    Arrays.fill(prk, (byte) 0);
    return out;
  }

  static byte[] hmacSha256(byte[] key, byte[] data, int off, int len) {
    return new HmacSha256(key).update(data, off, len).doFinal();
  }

  static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /**
   * ChaCha20-Poly1305 with a zero nonce and no AAD, as every stanza body uses (a key is used once).
   * Stanza bodies use the payload's implementation ({@link ChunkCipher#factory}), so that opening a
   * file initialises one AEAD, not two: without SunJCE's, start-up skips the JCE provider setup.
   */
  static byte[] sealZeroNonce(byte[] key, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + Payload.TAG_SIZE];
    ChunkCipher.factory(key).get().seal(ZERO_NONCE, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /** Opens a zero-nonce ChaCha20-Poly1305 box; empty when the tag does not verify (not for this key). */
  static Optional<byte[]> openZeroNonce(byte[] key, byte[] ciphertext) {
    if (ciphertext.length < Payload.TAG_SIZE) {
      return Optional.empty();
    }
    byte[] out = new byte[ciphertext.length - Payload.TAG_SIZE];
    if (ChunkCipher.factory(key).get().open(ZERO_NONCE, ciphertext, 0, ciphertext.length, out, 0) < 0) {
      Arrays.fill(out, (byte) 0);
      return Optional.empty();
    }
    return Optional.of(out);
  }

  /**
   * X25519(scalar, base point). The scalar is clamped by the function, as RFC 7748 says. The plain
   * ladder on u = 9: BouncyCastle's scalarMultBase would first build Ed25519 tables, which costs more
   * at start-up than the one multiplication a key or a file needs.
   */
  static byte[] x25519Base(byte[] scalar) {
    byte[] basePoint = new byte[32];
    basePoint[0] = 9;
    byte[] out = new byte[32];
    X25519.scalarMult(scalar, 0, basePoint, 0, out, 0);
    return out;
  }

  /** X25519(scalar, point); empty when the result is all zeros (a low-order point). */
  static Optional<byte[]> x25519(byte[] scalar, byte[] point) {
    byte[] out = new byte[32];
    return X25519.calculateAgreement(scalar, 0, point, 0, out, 0) ? Optional.of(out) : Optional.empty();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  /**
   * HMAC-SHA-256 (RFC 2104) on {@code MessageDigest} SHA-256, which the first provider (SUN) serves:
   * {@code javax.crypto.Mac} would load and check every JCE provider on first use. One message each.
   */
  private static final class HmacSha256 {
    private static final int BLOCK_SIZE = 64;
    private final MessageDigest sha256;
    private final byte[] pad = new byte[BLOCK_SIZE];

    HmacSha256(byte[] key) {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 unavailable", e);
      }
      byte[] k = key.length > BLOCK_SIZE ? sha256.digest(key) : key;
      for (int i = 0; i < BLOCK_SIZE; i++) {
        pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
      }
      if (k != key) {
        Arrays.fill(k, (byte) 0);
      }
      sha256.update(pad);
    }

    HmacSha256 update(byte[] data, int off, int len) {
      sha256.update(data, off, len);
      return this;
    }

    byte[] doFinal() {
      byte[] inner = sha256.digest();
      for (int i = 0; i < BLOCK_SIZE; i++) {
        pad[i] ^= 0x36 ^ 0x5c;
      }
      sha256.update(pad);
      sha256.update(inner);
      Arrays.fill(pad, (byte) 0);
      Arrays.fill(inner, (byte) 0);
      return sha256.digest();
    }
  }
}
