package dev.sops4j.age;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * ChaCha20-Poly1305 bound to one payload key, sealing and opening single STREAM chunks into caller
 * buffers (no AAD). Not thread-safe: use one instance per thread. Package-private.
 *
 * <p>The implementation is chosen by the system property {@code sops4j.age.aead}: {@code jdk} (SunJCE
 * {@code ChaCha20-Poly1305}), {@code bc} (BouncyCastle's lightweight ChaCha20Poly1305), {@code java}
 * ({@link JavaChunkCipher}, this package's own) or {@code auto}, the default: {@code jdk} on JDK
 * {@value #JDK_INTRINSICS_FEATURE} and later, {@code java} before. JDK 20 added ChaCha20 and Poly1305
 * intrinsics to SunJCE. Measured single-threaded on 64 KiB chunks (AVX-512 machine), SunJCE was 2.4
 * to 3 times slower than {@code java} on JDK 17 and 2.3 times faster on JDK 25. JDK 18 to 24 were not
 * measured; the cut-over is the first LTS release with the intrinsics.
 */
interface ChunkCipher {
  /** System property selecting the payload AEAD implementation. */
  String PROPERTY = "sops4j.age.aead";

  /** The first JDK feature release on which {@code auto} picks SunJCE. */
  int JDK_INTRINSICS_FEATURE = 21;

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
    String choice = implementation(System.getProperty(PROPERTY, "auto"), Runtime.version().feature());
    byte[] k = key.clone();
    switch (choice) {
      case "jdk":
        return () -> new JdkChunkCipher(k);
      case "bc":
        return () -> new BcChunkCipher(k);
      case "java":
        return () -> new JavaChunkCipher(k);
      default:
        throw new IllegalArgumentException(
            "system property " + PROPERTY + " must be 'auto', 'jdk', 'bc' or 'java', not '" + choice + "'");
    }
  }

  /** The implementation {@code property} names on JDK {@code feature}, with {@code auto} resolved. */
  static String implementation(String property, int feature) {
    String choice = property.trim().toLowerCase(Locale.ROOT);
    if (!choice.equals("auto")) {
      return choice;
    }
    return feature >= JDK_INTRINSICS_FEATURE ? "jdk" : "java";
  }
}
