package dev.sops4j.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenBSD's {@code bcrypt_pbkdf}, the KDF of passphrase-protected {@code openssh-key-v1} files: a PBKDF2-like
 * loop over SHA-512 whose inner hash is an expensive-key-schedule Blowfish (64 alternating expansions with the
 * hashed salt and passphrase) encrypting "OxychromaticBlowfishSwatDynamite" 64 times.
 *
 * <p>The Blowfish initial P-array and S-boxes are the fractional hex digits of pi; they are computed here once
 * (Machin's formula, exact integer arithmetic) rather than stored as a table.
 */
final class BcryptPbkdf {
  private static final int HASH_WORDS = 8;
  private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

  private BcryptPbkdf() {}

  /** Derives {@code length} bytes; {@code rounds} is the file's KDF rounds (at least 1). */
  static byte[] derive(byte[] passphrase, byte[] salt, int rounds, int length) {
    if (rounds < 1 || length < 1 || length > 1024 || salt.length == 0) {
      throw new IllegalArgumentException("bad bcrypt_pbkdf parameters");
    }
    MessageDigest sha = sha512();
    byte[] key = new byte[length];
    byte[] sha2pass = sha.digest(passphrase);
    int stride = (length + MAGIC.length - 1) / MAGIC.length;
    int amount = (length + stride - 1) / stride;
    int remaining = length;
    for (int count = 1; remaining > 0; count++) {
      sha.update(salt);
      sha.update(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
      byte[] tmp = hash(sha2pass, sha.digest());
      byte[] out = tmp.clone();
      for (int i = 1; i < rounds; i++) {
        tmp = hash(sha2pass, sha.digest(tmp));
        for (int j = 0; j < out.length; j++) {
          out[j] ^= tmp[j];
        }
      }
      amount = Math.min(amount, remaining);
      int i = 0;
      for (; i < amount; i++) {
        int dest = i * stride + (count - 1);
        if (dest >= length) {
          break;
        }
        key[dest] = out[i];
      }
      remaining -= i;
      Arrays.fill(out, (byte) 0);
    }
    Arrays.fill(sha2pass, (byte) 0);
    return key;
  }

  private static byte[] hash(byte[] sha2pass, byte[] sha2salt) {
    Blowfish bf = new Blowfish();
    bf.expand(sha2pass, sha2salt);
    for (int i = 0; i < 64; i++) {
      bf.expand(sha2salt, null);
      bf.expand(sha2pass, null);
    }
    int[] data = new int[HASH_WORDS];
    int[] pos = {0};
    for (int i = 0; i < HASH_WORDS; i++) {
      data[i] = Blowfish.streamWord(MAGIC, pos);
    }
    for (int n = 0; n < 64; n++) {
      for (int i = 0; i < HASH_WORDS; i += 2) {
        bf.encrypt(data, i);
      }
    }
    byte[] out = new byte[HASH_WORDS * 4];
    for (int i = 0; i < HASH_WORDS; i++) {
      out[4 * i] = (byte) data[i];
      out[4 * i + 1] = (byte) (data[i] >>> 8);
      out[4 * i + 2] = (byte) (data[i] >>> 16);
      out[4 * i + 3] = (byte) (data[i] >>> 24);
    }
    bf.wipe();
    return out;
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is not available", e);
    }
  }

  /** Blowfish state with OpenBSD's data-dependent key expansion. */
  static final class Blowfish {
    private final int[] p = Arrays.copyOf(PiDigits.WORDS, 18);
    private final int[][] s = new int[4][];

    Blowfish() {
      for (int i = 0; i < 4; i++) {
        s[i] = Arrays.copyOfRange(PiDigits.WORDS, 18 + 256 * i, 18 + 256 * (i + 1));
      }
    }

    /** Reads 4 bytes big-endian from {@code data}, wrapping around; {@code pos[0]} is the cursor. */
    static int streamWord(byte[] data, int[] pos) {
      int w = 0;
      for (int i = 0; i < 4; i++) {
        if (pos[0] >= data.length) {
          pos[0] = 0;
        }
        w = (w << 8) | (data[pos[0]++] & 0xff);
      }
      return w;
    }

    /** Blowfish_expandstate (data != null) or Blowfish_expand0state (data == null). */
    void expand(byte[] key, byte[] data) {
      int[] kp = {0};
      for (int i = 0; i < 18; i++) {
        p[i] ^= streamWord(key, kp);
      }
      int[] dp = {0};
      int[] block = new int[2];
      for (int i = 0; i < 18; i += 2) {
        mix(block, data, dp);
        p[i] = block[0];
        p[i + 1] = block[1];
      }
      for (int[] box : s) {
        for (int k = 0; k < 256; k += 2) {
          mix(block, data, dp);
          box[k] = block[0];
          box[k + 1] = block[1];
        }
      }
    }

    private void mix(int[] block, byte[] data, int[] dp) {
      if (data != null) {
        block[0] ^= streamWord(data, dp);
        block[1] ^= streamWord(data, dp);
      }
      encrypt(block, 0);
    }

    /** Encrypts the 64-bit block {@code (d[at], d[at+1])} in place. */
    void encrypt(int[] d, int at) {
      int l = d[at] ^ p[0];
      int r = d[at + 1];
      for (int i = 1; i <= 16; i += 2) {
        r ^= f(l) ^ p[i];
        l ^= f(r) ^ p[i + 1];
      }
      d[at] = r ^ p[17];
      d[at + 1] = l;
    }

    private int f(int x) {
      return ((s[0][x >>> 24] + s[1][(x >>> 16) & 0xff]) ^ s[2][(x >>> 8) & 0xff]) + s[3][x & 0xff];
    }

    void wipe() {
      Arrays.fill(p, 0);
      for (int[] box : s) {
        Arrays.fill(box, 0);
      }
    }
  }

  /** The first 1042 32-bit words of pi's fractional part in hex (P-array then S-boxes 0..3). */
  static final class PiDigits {
    static final int[] WORDS = compute(18 + 4 * 256);

    private PiDigits() {}

    private static int[] compute(int words) {
      int guard = 64;
      int bits = words * 32 + guard;
      BigInteger pi = arctanInverse(5, bits).shiftLeft(4).subtract(arctanInverse(239, bits).shiftLeft(2));
      BigInteger frac = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(guard);
      int[] out = new int[words];
      for (int i = 0; i < words; i++) {
        out[i] = frac.shiftRight(32 * (words - 1 - i)).intValue();
      }
      return out;
    }

    /** atan(1/x) scaled by 2^bits, truncated (error a few units per term, covered by the guard bits). */
    private static BigInteger arctanInverse(int x, int bits) {
      BigInteger xx = BigInteger.valueOf((long) x * x);
      BigInteger term = BigInteger.ONE.shiftLeft(bits).divide(BigInteger.valueOf(x));
      BigInteger sum = term;
      for (int k = 1; term.signum() != 0; k++) {
        term = term.divide(xx);
        BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
        sum = (k & 1) == 1 ? sum.subtract(t) : sum.add(t);
      }
      return sum;
    }
  }
}
