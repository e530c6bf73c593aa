package dev.sops4j.age;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * ChaCha20-Poly1305 bound to one payload key, sealing and opening single STREAM chunks into caller
 * buffers (no AAD). Not thread-safe: use one instance per thread. Package-private.
 *
 * <p>The implementation is chosen by the system property {@code sops4j.age.aead}: {@code jdk} (the
 * default, SunJCE {@code ChaCha20-Poly1305}) or {@code bc} (BouncyCastle's lightweight
 * ChaCha20Poly1305), so that both can be benchmarked.
 */
interface ChunkCipher {
  /** System property selecting the payload AEAD implementation. */
  String PROPERTY = "sops4j.age.aead";

  /**
   * Opens {@code in[inOff, inOff+inLen)} (ciphertext and tag) with {@code nonce} into {@code out} at
   * {@code outOff}, which must have room for {@code inLen - 16} bytes.
   *
   * @return the plaintext length, or -1 when the input is shorter than a tag or the tag does not
   *     verify (then {@code out} may hold garbage that must not be released)
   */
  int open(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff);

  /** Seals {@code in[inOff, inOff+inLen)} with {@code nonce} into {@code out}; returns the sealed length. */
  int seal(byte[] nonce, byte[] in, int inOff, int inLen, byte[] out, int outOff);

  /** A source of fresh ciphers for {@code key}, using the implementation the system property selects. */
  static Supplier<ChunkCipher> factory(byte[] key) {
    String choice = System.getProperty(PROPERTY, "jdk").trim().toLowerCase(Locale.ROOT);
    byte[] k = key.clone();
    switch (choice) {
      case "jdk":
        return () -> new JdkChunkCipher(k);
      case "bc":
        return () -> new BcChunkCipher(k);
      default:
        throw new IllegalArgumentException(
            "system property " + PROPERTY + " must be 'jdk' or 'bc', not '" + choice + "'");
    }
  }
}
