package dev.sops4j.age;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
   * HKDF-SHA-256 (RFC 5869) on the JDK's HmacSHA256. A null or empty salt means 32 zero bytes (the
   * same HMAC key, since HMAC pads keys with zeros). At most 255 * 32 bytes of output.
   */
  static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 0 || length > 255 * SHA256_SIZE) {
      throw new IllegalArgumentException("HKDF-SHA-256 output must be 0 to 8160 bytes, not " + length);
    }
    Mac mac = hmacSha256(salt == null || salt.length == 0 ? new byte[SHA256_SIZE] : salt);
    byte[] prk = mac.doFinal(ikm);
    try {
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] block = new byte[0];
      for (int done = 0, counter = 1; done < length; done += block.length, counter++) {
        mac.update(block);
        mac.update(info);
        mac.update((byte) counter);
        block = mac.doFinal();
        System.arraycopy(block, 0, out, done, Math.min(block.length, length - done));
      }
      Arrays.fill(block, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  static byte[] hmacSha256(byte[] key, byte[] data, int off, int len) {
    Mac mac = hmacSha256(key);
    mac.update(data, off, len);
    return mac.doFinal();
  }

  private static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /** ChaCha20-Poly1305 with a zero nonce and no AAD, as every stanza body uses (a key is used once). */
  static byte[] sealZeroNonce(byte[] key, byte[] plaintext) {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(ZERO_NONCE));
      return c.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /** Opens a zero-nonce ChaCha20-Poly1305 box; empty when the tag does not verify (not for this key). */
  static Optional<byte[]> openZeroNonce(byte[] key, byte[] ciphertext) {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(ZERO_NONCE));
      return Optional.of(c.doFinal(ciphertext));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /** X25519(scalar, base point). The scalar is clamped by the function, as RFC 7748 says. */
  static byte[] x25519Base(byte[] scalar) {
    byte[] out = new byte[32];
    X25519.scalarMultBase(scalar, 0, out, 0);
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
}
