package dev.sops4j.age;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@link ChunkCipher} on this package's own ChaCha20-Poly1305 ({@link ChaCha20}, {@link Poly1305}),
 * RFC 8439 without AAD. Written for JDKs whose SunJCE cipher has no ChaCha20/Poly1305 intrinsics
 * (before JDK 20). {@link #open} authenticates the whole ciphertext before it decrypts anything, so
 * {@code out} is untouched when the tag does not verify. Package-private.
 */
final class JavaChunkCipher implements ChunkCipher {
  private static final int TAG_SIZE = Poly1305.TAG_SIZE;
  private static final byte[] NO_AAD = new byte[0];
  private final int[] key;
  private final int[] nonceWords = new int[3];
  private final int[] block = new int[16];
  private final ChaCha20.Lanes lanes = new ChaCha20.Lanes();
  private final byte[] polyKey = new byte[Poly1305.KEY_SIZE];
  private final byte[] tag = new byte[TAG_SIZE];
  private final byte[] expected = new byte[TAG_SIZE];
  private final Poly1305 mac = new Poly1305();

  JavaChunkCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 key must be 32 bytes");
    }
    this.key = new int[8];
    ChaCha20.words(key, 0, this.key);
  }

  @Override
  public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    return open(nonce, NO_AAD, in, inOff, inLen, out, outOff);
  }

  @Override
  public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    return seal(nonce, NO_AAD, in, inOff, inLen, out, outOff);
  }

  /** {@link #open(byte[], byte[], int, int, byte[], int)} with additional data (the RFC's AEAD, for tests). */
  int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    if (inLen < TAG_SIZE) {
      return -1;
    }
    int ctLen = inLen - TAG_SIZE;
    startMac(nonce);
    authenticate(aad, in, inOff, ctLen, tag);
    System.arraycopy(in, inOff + ctLen, expected, 0, TAG_SIZE);
    boolean valid = MessageDigest.isEqual(tag, expected);
    Arrays.fill(tag, (byte) 0);
    if (!valid) {
      return -1;
    }
    ChaCha20.xor(key, nonceWords, 1, in, inOff, ctLen, out, outOff, lanes, block);
    return ctLen;
  }

  /** {@link #seal(byte[], byte[], int, int, byte[], int)} with additional data (the RFC's AEAD, for tests). */
  int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    startMac(nonce);
    ChaCha20.xor(key, nonceWords, 1, in, inOff, inLen, out, outOff, lanes, block);
    authenticate(aad, out, outOff, inLen, tag);
    System.arraycopy(tag, 0, out, outOff + inLen, TAG_SIZE);
    Arrays.fill(tag, (byte) 0);
    return inLen + TAG_SIZE;
  }

  /** Sets the nonce and keys the MAC with the first 32 bytes of keystream block 0. */
  private void startMac(byte[] nonce) {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("ChaCha20-Poly1305 nonce must be 12 bytes");
    }
    ChaCha20.words(nonce, 0, nonceWords);
    ChaCha20.block(key, nonceWords, 0, block);
    for (int i = 0; i < 8; i++) {
      int w = block[i];
      polyKey[4 * i] = (byte) w;
      polyKey[4 * i + 1] = (byte) (w >>> 8);
      polyKey[4 * i + 2] = (byte) (w >>> 16);
      polyKey[4 * i + 3] = (byte) (w >>> 24);
    }
    Arrays.fill(block, 0);
    mac.init(polyKey, 0);
    Arrays.fill(polyKey, (byte) 0);
  }

  /** The tag over {@code aad} and {@code ct[off, off+len)}: each zero-padded, then both lengths. */
  private void authenticate(byte[] aad, byte[] ct, int off, int len, byte[] tagOut) {
    mac.updatePadded(aad, 0, aad.length);
    mac.updatePadded(ct, off, len);
    mac.updateWords(aad.length, len);
    mac.finish(tagOut, 0);
  }
}
