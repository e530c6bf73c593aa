package dev.sops4j.age;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link ChunkCipher} on the JDK's SunJCE {@code ChaCha20-Poly1305}. The cipher is re-initialised
 * with a new nonce for every chunk (JDK 17 refuses a repeated key and nonce, and a STREAM never
 * repeats one). Package-private.
 */
final class JdkChunkCipher implements ChunkCipher {
  private static final String TRANSFORMATION = "ChaCha20-Poly1305";
  private final Cipher cipher;
  private final SecretKeySpec key;

  JdkChunkCipher(byte[] key) {
    try {
      this.cipher = Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " is not available in this JDK", e);
    }
    this.key = new SecretKeySpec(key, "ChaCha20");
  }

  @Override
  public int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    if (inLen < Payload.TAG_SIZE) {
      return -1;
    }
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      return cipher.doFinal(in, inOff, inLen, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " failed to open a chunk", e);
    }
  }

  @Override
  public int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      return cipher.doFinal(in, inOff, inLen, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(TRANSFORMATION + " failed to seal a chunk", e);
    }
  }
}
