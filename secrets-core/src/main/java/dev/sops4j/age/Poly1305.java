package dev.sops4j.age;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Poly1305 one-time authenticator of RFC 8439 in plain Java: the accumulator and {@code r} are
 * held as five 26-bit limbs in {@code long}s, so every product and sum fits in 64 bits and carries
 * need no branches. One instance is reused for many keys ({@link #init}); not thread-safe.
 * Package-private.
 */
final class Poly1305 {
  static final int KEY_SIZE = 32;
  static final int TAG_SIZE = 16;
  static final int BLOCK_SIZE = 16;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long MASK26 = 0x3ffffff;
  private static final long HIBIT = 1L << 24;

  private long r0, r1, r2, r3, r4;
  private long h0, h1, h2, h3, h4;
  /** The key's second half, {@code s}, as four 32-bit words. */
  private long s0, s1, s2, s3;
  private final byte[] partial = new byte[BLOCK_SIZE];
  private int partialLength;

  /** Starts a new MAC under the 32-byte one-time {@code key} at {@code off}. */
  void init(byte[] key, int off) {
    long t0 = (long) LE_LONG.get(key, off);
    long t1 = (long) LE_LONG.get(key, off + 8);
    // clamp r (RFC 8439 §2.5) while splitting it into 26-bit limbs
    r0 = t0 & 0x3ffffff;
    r1 = (t0 >>> 26) & 0x3ffff03;
    r2 = ((t0 >>> 52) | (t1 << 12)) & 0x3ffc0ff;
    r3 = (t1 >>> 14) & 0x3f03fff;
    r4 = (t1 >>> 40) & 0x00fffff;
    s0 = Integer.toUnsignedLong((int) LE_INT.get(key, off + 16));
    s1 = Integer.toUnsignedLong((int) LE_INT.get(key, off + 20));
    s2 = Integer.toUnsignedLong((int) LE_INT.get(key, off + 24));
    s3 = Integer.toUnsignedLong((int) LE_INT.get(key, off + 28));
    h0 = h1 = h2 = h3 = h4 = 0;
    partialLength = 0;
  }

  /** Adds {@code m[off, off+len)} to the message (RFC 8439 §2.5: a short last block gets a 0x01 byte). */
  void update(byte[] m, int off, int len) {
    if (partialLength > 0) {
      int take = Math.min(len, BLOCK_SIZE - partialLength);
      System.arraycopy(m, off, partial, partialLength, take);
      partialLength += take;
      off += take;
      len -= take;
      if (partialLength < BLOCK_SIZE) {
        return;
      }
      blocks(partial, 0, BLOCK_SIZE, HIBIT);
      partialLength = 0;
    }
    int full = len & ~(BLOCK_SIZE - 1);
    blocks(m, off, full, HIBIT);
    System.arraycopy(m, off + full, partial, 0, len - full);
    partialLength = len - full;
  }

  /**
   * Adds {@code m[off, off+len)} zero-padded to a multiple of 16 bytes, as the AEAD construction of
   * RFC 8439 §2.8 does; no partial block may be pending.
   */
  void updatePadded(byte[] m, int off, int len) {
    int full = len & ~(BLOCK_SIZE - 1);
    blocks(m, off, full, HIBIT);
    if (full < len) {
      Arrays.fill(partial, (byte) 0);
      System.arraycopy(m, off + full, partial, 0, len - full);
      blocks(partial, 0, BLOCK_SIZE, HIBIT);
    }
  }

  /** Adds one block made of two little-endian 64-bit words (the AEAD's length block). */
  void updateWords(long lo, long hi) {
    LE_LONG.set(partial, 0, lo);
    LE_LONG.set(partial, 8, hi);
    blocks(partial, 0, BLOCK_SIZE, HIBIT);
  }

  /** Writes the 16-byte tag to {@code tag} at {@code off} and forgets the key. */
  void finish(byte[] tag, int off) {
    if (partialLength > 0) {
      partial[partialLength] = 1;
      Arrays.fill(partial, partialLength + 1, BLOCK_SIZE, (byte) 0);
      blocks(partial, 0, BLOCK_SIZE, 0);
    }
    long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
    long c = a1 >>> 26; a1 &= MASK26;
    a2 += c; c = a2 >>> 26; a2 &= MASK26;
    a3 += c; c = a3 >>> 26; a3 &= MASK26;
    a4 += c; c = a4 >>> 26; a4 &= MASK26;
    a0 += c * 5; c = a0 >>> 26; a0 &= MASK26;
    a1 += c;
    // g = h + 5 - 2^130; keep g when it is not negative, that is when h >= p
    long g0 = a0 + 5; c = g0 >>> 26; g0 &= MASK26;
    long g1 = a1 + c; c = g1 >>> 26; g1 &= MASK26;
    long g2 = a2 + c; c = g2 >>> 26; g2 &= MASK26;
    long g3 = a3 + c; c = g3 >>> 26; g3 &= MASK26;
    long g4 = a4 + c - (1L << 26);
    long useG = ~(g4 >> 63);
    a0 = (a0 & ~useG) | (g0 & useG);
    a1 = (a1 & ~useG) | (g1 & useG);
    a2 = (a2 & ~useG) | (g2 & useG);
    a3 = (a3 & ~useG) | (g3 & useG);
    a4 = (a4 & ~useG) | (g4 & useG);
    long w0 = (a0 | (a1 << 26)) & 0xffffffffL;
    long w1 = ((a1 >>> 6) | (a2 << 20)) & 0xffffffffL;
    long w2 = ((a2 >>> 12) | (a3 << 14)) & 0xffffffffL;
    long w3 = ((a3 >>> 18) | (a4 << 8)) & 0xffffffffL;
    long f = w0 + s0;
    LE_INT.set(tag, off, (int) f);
    f = w1 + s1 + (f >>> 32);
    LE_INT.set(tag, off + 4, (int) f);
    f = w2 + s2 + (f >>> 32);
    LE_INT.set(tag, off + 8, (int) f);
    f = w3 + s3 + (f >>> 32);
    LE_INT.set(tag, off + 12, (int) f);
    r0 = r1 = r2 = r3 = r4 = 0;
    s0 = s1 = s2 = s3 = 0;
    h0 = h1 = h2 = h3 = h4 = 0;
    Arrays.fill(partial, (byte) 0);
    partialLength = 0;
  }

  /** Runs whole 16-byte blocks, each with {@code hibit} (2^128 as limb 4's bit 24, or 0) added. */
  private void blocks(byte[] m, int off, int len, long hibit) {
    long rr0 = r0, rr1 = r1, rr2 = r2, rr3 = r3, rr4 = r4;
    long ss1 = rr1 * 5, ss2 = rr2 * 5, ss3 = rr3 * 5, ss4 = rr4 * 5;
    long a0 = h0, a1 = h1, a2 = h2, a3 = h3, a4 = h4;
    for (int end = off + len; off < end; off += BLOCK_SIZE) {
      long lo = (long) LE_LONG.get(m, off);
      long hi = (long) LE_LONG.get(m, off + 8);
      a0 += lo & MASK26;
      a1 += (lo >>> 26) & MASK26;
      a2 += ((lo >>> 52) | (hi << 12)) & MASK26;
      a3 += (hi >>> 14) & MASK26;
      a4 += (hi >>> 40) | hibit;
      long d0 = a0 * rr0 + a1 * ss4 + a2 * ss3 + a3 * ss2 + a4 * ss1;
      long d1 = a0 * rr1 + a1 * rr0 + a2 * ss4 + a3 * ss3 + a4 * ss2;
      long d2 = a0 * rr2 + a1 * rr1 + a2 * rr0 + a3 * ss4 + a4 * ss3;
      long d3 = a0 * rr3 + a1 * rr2 + a2 * rr1 + a3 * rr0 + a4 * ss4;
      long d4 = a0 * rr4 + a1 * rr3 + a2 * rr2 + a3 * rr1 + a4 * rr0;
      long c = d0 >>> 26; a0 = d0 & MASK26;
      d1 += c; c = d1 >>> 26; a1 = d1 & MASK26;
      d2 += c; c = d2 >>> 26; a2 = d2 & MASK26;
      d3 += c; c = d3 >>> 26; a3 = d3 & MASK26;
      d4 += c; c = d4 >>> 26; a4 = d4 & MASK26;
      a0 += c * 5; c = a0 >>> 26; a0 &= MASK26;
      a1 += c;
    }
    h0 = a0; h1 = a1; h2 = a2; h3 = a3; h4 = a4;
  }
}
