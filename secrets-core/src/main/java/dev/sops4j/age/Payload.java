package dev.sops4j.age;

/**
 * Constants and key/nonce derivations of the age STREAM payload: 64 KiB plaintext chunks sealed with
 * ChaCha20-Poly1305 under a key derived from the file key and a 16-byte random nonce. Package-private.
 */
final class Payload {
  /** Plaintext bytes per chunk. */
  static final int CHUNK_SIZE = 64 * 1024;
  /** Poly1305 tag bytes per chunk. */
  static final int TAG_SIZE = 16;
  /** Bytes of a full sealed chunk. */
  static final int SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
  /** Bytes of the random nonce between the header and the first chunk. */
  static final int NONCE_SIZE = 16;
  /** Bytes of a chunk's AEAD nonce: an 11-byte big-endian counter and the final-chunk flag. */
  static final int CHUNK_NONCE_SIZE = 12;

  private Payload() {}

  /** The payload key: HKDF-SHA-256(ikm = file key, salt = payload nonce, info = "payload"). */
  static byte[] key(byte[] fileKey, byte[] nonce) {
    return Primitives.hkdf(fileKey, nonce, "payload");
  }

  /** Writes the 12-byte nonce of chunk {@code counter} into {@code out}; flag 1 marks the final chunk. */
  static void chunkNonce(long counter, boolean last, byte[] out) {
    if (counter < 0) {
      throw new IllegalStateException("STREAM chunk counter overflow");
    }
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    for (int i = 0; i < 8; i++) {
      out[3 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    out[11] = (byte) (last ? 1 : 0);
  }
}
