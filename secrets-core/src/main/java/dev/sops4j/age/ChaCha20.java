package dev.sops4j.age;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ChaCha20 stream cipher of RFC 8439 (32-bit block counter, 96-bit nonce) in plain Java. Whole
 * blocks are computed many at a time by {@link Lanes}, in a loop shape that HotSpot's C2 compiles to
 * SIMD code, which makes it several times faster than JDK 17's SunJCE ChaCha20; a single block
 * ({@link #block}) keeps its sixteen state words in local variables. Keys and nonces are passed as
 * little-endian words. Package-private.
 */
final class ChaCha20 {
  static final int BLOCK_SIZE = 64;
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SIGMA0 = 0x61707865;
  private static final int SIGMA1 = 0x3320646e;
  private static final int SIGMA2 = 0x79622d32;
  private static final int SIGMA3 = 0x6b206574;

  private ChaCha20() {}

  /** Fills {@code words} with little-endian words read from {@code bytes} at {@code off}. */
  static void words(byte[] bytes, int off, int[] words) {
    for (int i = 0; i < words.length; i++) {
      words[i] = (int) LE_INT.get(bytes, off + 4 * i);
    }
  }

  /** Writes keystream block {@code counter} for {@code key} (8 words) and {@code nonce} (3 words) to {@code out}. */
  static void block(int[] key, int[] nonce, int counter, int[] out) {
    int x0 = SIGMA0, x1 = SIGMA1, x2 = SIGMA2, x3 = SIGMA3;
    int x4 = key[0], x5 = key[1], x6 = key[2], x7 = key[3];
    int x8 = key[4], x9 = key[5], x10 = key[6], x11 = key[7];
    int x12 = counter, x13 = nonce[0], x14 = nonce[1], x15 = nonce[2];
    for (int i = 0; i < 10; i++) {
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
      x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
      x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
      x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
      x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
      x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
      x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
      x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
      x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
      x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
      x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
      x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
      x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
      x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
      x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
      x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
      x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
      x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
      x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
      x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
      x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
      x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
      x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
      x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
      x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
    }
    out[0] = x0 + SIGMA0; out[1] = x1 + SIGMA1; out[2] = x2 + SIGMA2; out[3] = x3 + SIGMA3;
    out[4] = x4 + key[0]; out[5] = x5 + key[1]; out[6] = x6 + key[2]; out[7] = x7 + key[3];
    out[8] = x8 + key[4]; out[9] = x9 + key[5]; out[10] = x10 + key[6]; out[11] = x11 + key[7];
    out[12] = x12 + counter; out[13] = x13 + nonce[0]; out[14] = x14 + nonce[1]; out[15] = x15 + nonce[2];
  }

  /**
   * XORs {@code in[inOff, inOff+len)} with the keystream starting at block {@code counter} into
   * {@code out} at {@code outOff}. The caller keeps {@code len} within the 2^32 blocks a counter
   * allows. Whole blocks go through {@link Lanes}; the last, partial block through {@link #block}.
   */
  static void xor(int[] key, int[] nonce, int counter, byte[] in, int inOff, int len,
      byte[] out, int outOff, Lanes lanes, int[] scratch) {
    int full = len & ~(BLOCK_SIZE - 1);
    if (full > 0) {
      lanes.load(key, nonce, Math.min(full / BLOCK_SIZE, Lanes.COUNT));
      for (int pos = 0; pos < full; ) {
        int n = Math.min((full - pos) / BLOCK_SIZE, Lanes.COUNT);
        lanes.xor(counter, n, in, inOff + pos, out, outOff + pos);
        pos += n * BLOCK_SIZE;
        counter += n;
      }
      lanes.clearKey();
    }
    int rest = len - full;
    if (rest > 0) {
      block(key, nonce, counter, scratch);
      for (int j = 0; j < rest; j++) {
        int keyByte = scratch[j >>> 2] >>> ((j & 3) << 3);
        out[outOff + full + j] = (byte) (in[inOff + full + j] ^ keyByte);
      }
      Arrays.fill(scratch, 0);
    }
  }

  /**
   * Up to {@link #COUNT} ChaCha20 blocks computed side by side: row {@code w} holds state word
   * {@code w} of every block, and each quarter round is a loop over the blocks, a shape HotSpot's C2
   * turns into SIMD instructions (superword), so that many blocks run at once even on JDK 17.
   * About 32 KiB of working memory; one instance per thread.
   */
  static final class Lanes {
    static final int COUNT = 256;
    /** The state words of the four column and then four diagonal quarter rounds. */
    private static final int[] QA = {0, 1, 2, 3, 0, 1, 2, 3};
    private static final int[] QB = {4, 5, 6, 7, 5, 6, 7, 4};
    private static final int[] QC = {8, 9, 10, 11, 10, 11, 8, 9};
    private static final int[] QD = {12, 13, 14, 15, 15, 12, 13, 14};
    private final int[][] input = new int[16][COUNT];
    private final int[][] state = new int[16][COUNT];

    /** Fills every row but the counters for the first {@code n} blocks. */
    void load(int[] key, int[] nonce, int n) {
      Arrays.fill(input[0], 0, n, SIGMA0);
      Arrays.fill(input[1], 0, n, SIGMA1);
      Arrays.fill(input[2], 0, n, SIGMA2);
      Arrays.fill(input[3], 0, n, SIGMA3);
      for (int w = 0; w < 8; w++) {
        Arrays.fill(input[4 + w], 0, n, key[w]);
      }
      for (int w = 0; w < 3; w++) {
        Arrays.fill(input[13 + w], 0, n, nonce[w]);
      }
    }

    /**
     * XORs {@code n} whole blocks (at most the {@code n} last {@link #load}ed), counters
     * {@code counter..counter+n-1}, from {@code in} into {@code out}.
     */
    void xor(int counter, int n, byte[] in, int inOff, byte[] out, int outOff) {
      int[][] x = state;
      int[] counters = input[12];
      for (int l = 0; l < n; l++) {
        counters[l] = counter + l;
      }
      for (int w = 0; w < 16; w++) {
        System.arraycopy(input[w], 0, x[w], 0, n);
      }
      // 10 double rounds of 8 quarter rounds; one call site keeps the compiled code small
      for (int step = 0; step < 80; step++) {
        int q = step & 7;
        quarterRounds(x[QA[q]], x[QB[q]], x[QC[q]], x[QD[q]], n);
      }
      for (int w = 0; w < 16; w++) {
        addRow(x[w], input[w], n);
      }
      for (int l = 0; l < n; l++) {
        int i = inOff + l * BLOCK_SIZE;
        int o = outOff + l * BLOCK_SIZE;
        for (int w = 0; w < 16; w++) {
          LE_INT.set(out, o + 4 * w, (int) LE_INT.get(in, i + 4 * w) ^ x[w][l]);
        }
      }
    }

    /**
     * Zeroes the key rows. The other rows hold constants, counters, the nonce and keystream, which
     * do not give the key back once the input has been added.
     */
    void clearKey() {
      for (int w = 4; w < 12; w++) {
        Arrays.fill(input[w], 0);
      }
    }

    private static void quarterRounds(int[] a, int[] b, int[] c, int[] d, int n) {
      for (int l = 0; l < n; l++) {
        int va = a[l] + b[l];
        int vd = Integer.rotateLeft(d[l] ^ va, 16);
        int vc = c[l] + vd;
        int vb = Integer.rotateLeft(b[l] ^ vc, 12);
        va += vb;
        vd = Integer.rotateLeft(vd ^ va, 8);
        vc += vd;
        vb = Integer.rotateLeft(vb ^ vc, 7);
        a[l] = va;
        b[l] = vb;
        c[l] = vc;
        d[l] = vd;
      }
    }

    private static void addRow(int[] row, int[] add, int n) {
      for (int l = 0; l < n; l++) {
        row[l] += add[l];
      }
    }
  }
}
