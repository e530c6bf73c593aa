package dev.sops4j.age;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** {@link ChunkCipher} on BouncyCastle's pure-Java ChaCha20Poly1305. Package-private. */
final class BcChunkCipher implements ChunkCipher {
  private static final int TAG_BITS = Payload.TAG_SIZE * 8;
  private final ChaCha20Poly1305 aead = new ChaCha20Poly1305();
  private final KeyParameter key;

  BcChunkCipher(byte[] key) {
    this.key = new KeyParameter(key);
  }

  @Override
  public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    if (inLen < Payload.TAG_SIZE) {
      return -1;
    }
    aead.init(false, new AEADParameters(key, TAG_BITS, nonce));
    int n = aead.processBytes(in, inOff, inLen, out, outOff);
    try {
      return n + aead.doFinal(out, outOff + n);
    } catch (InvalidCipherTextException e) {
      return -1;
    }
  }

  @Override
  public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    aead.init(true, new AEADParameters(key, TAG_BITS, nonce));
    int n = aead.processBytes(in, inOff, inLen, out, outOff);
    try {
      return n + aead.doFinal(out, outOff + n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("ChaCha20Poly1305 failed to seal a chunk", e);
    }
  }
}
