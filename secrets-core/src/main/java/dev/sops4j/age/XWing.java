package dev.sops4j.age;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * The MLKEM768-X25519 hybrid KEM (X-Wing) as HPKE-PQ defines it: a 32-byte seed expands with
 * SHAKE256 into an ML-KEM-768 seed (d || z) and an X25519 secret key; public key = ML-KEM
 * encapsulation key (1184 B) || X25519 public key (32 B); enc = ML-KEM ciphertext (1088 B) ||
 * X25519 ephemeral share (32 B); shared secret = SHA3-256(ss_M || ss_X || ct_X || pk_X || label).
 * Package-private: not API.
 */
final class XWing {
  /** The HPKE KEM identifier of MLKEM768-X25519. */
  static final int KEM_ID = 0x647a;
  static final int SEED_SIZE = 32;
  static final int MLKEM_PUBLIC_KEY_SIZE = 1184;
  static final int MLKEM_CIPHERTEXT_SIZE = 1088;
  static final int X25519_SIZE = 32;
  static final int PUBLIC_KEY_SIZE = MLKEM_PUBLIC_KEY_SIZE + X25519_SIZE;
  static final int ENC_SIZE = MLKEM_CIPHERTEXT_SIZE + X25519_SIZE;
  private static final MLKEMParameters MLKEM = MLKEMParameters.ml_kem_768;
  /** The six bytes {@code \.//^\}. */
  private static final byte[] LABEL = "\\.//^\\".getBytes(StandardCharsets.US_ASCII);

  private XWing() {}

  /** A decapsulation key expanded from its seed. Holds secrets: never printed. */
  static final class PrivateKey {
    private final MLKEMPrivateKeyParameters mlkem;
    private final byte[] x25519Secret;
    private final byte[] publicKey;

    private PrivateKey(MLKEMPrivateKeyParameters mlkem, byte[] x25519Secret, byte[] publicKey) {
      this.mlkem = mlkem;
      this.x25519Secret = x25519Secret;
      this.publicKey = publicKey;
    }

    /** The 1216-byte public key. */
    byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public String toString() {
      return "XWing.PrivateKey[redacted]";
    }
  }

  /** A fresh shared secret and the enc that carries it. */
  record Encapsulation(byte[] sharedSecret, byte[] enc) {}

  /** Expands a 32-byte seed into the decapsulation key. */
  static PrivateKey derive(byte[] seed) {
    if (seed.length != SEED_SIZE) {
      throw new IllegalArgumentException("MLKEM768-X25519 seed must be " + SEED_SIZE + " bytes");
    }
    SHAKEDigest shake = new SHAKEDigest(256);
    shake.update(seed, 0, seed.length);
    byte[] expanded = new byte[64 + X25519_SIZE];
    shake.doFinal(expanded, 0, expanded.length);
    byte[] mlkemSeed = Arrays.copyOfRange(expanded, 0, 64);
    byte[] x25519Secret = Arrays.copyOfRange(expanded, 64, 64 + X25519_SIZE);
    Arrays.fill(expanded, (byte) 0);
    MLKEMPrivateKeyParameters mlkem = new MLKEMPrivateKeyParameters(MLKEM, mlkemSeed);
    Arrays.fill(mlkemSeed, (byte) 0);
    byte[] publicKey = Primitives.concat(mlkem.getPublicKey(), Primitives.x25519Base(x25519Secret));
    return new PrivateKey(mlkem, x25519Secret, publicKey);
  }

  /**
   * Checks a public key: 1216 bytes, and the ML-KEM part passes the FIPS 203 modulus check.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static void checkPublicKey(byte[] publicKey) {
    if (publicKey.length != PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "MLKEM768-X25519 public key must be " + PUBLIC_KEY_SIZE + " bytes, got " + publicKey.length);
    }
    mlkemPublicKey(publicKey); // throws on a failed modulus check
  }

  /** Encapsulates to {@code publicKey} with fresh randomness. */
  static Encapsulation encapsulate(byte[] publicKey) throws AgeKeyException {
    return encapsulate(publicKey, Primitives.random(32), Primitives.random(X25519_SIZE));
  }

  /** Encapsulates with the given ML-KEM message randomness and X25519 ephemeral secret (tests). */
  static Encapsulation encapsulate(byte[] publicKey, byte[] mlkemRandomness, byte[] ephemeralSecret)
      throws AgeKeyException {
    checkPublicKey(publicKey);
    byte[] x25519Public = Arrays.copyOfRange(publicKey, MLKEM_PUBLIC_KEY_SIZE, PUBLIC_KEY_SIZE);
    SecretWithEncapsulation mlkem =
        MLKEMGenerator.internalGenerateEncapsulated(mlkemPublicKey(publicKey), mlkemRandomness);
    byte[] share = Primitives.x25519Base(ephemeralSecret);
    byte[] x25519Shared = Primitives.x25519(ephemeralSecret, x25519Public)
        .orElseThrow(() -> new AgeKeyException("post-quantum recipient has a low-order X25519 key"));
    byte[] shared = combine(mlkem.getSecret(), x25519Shared, share, x25519Public);
    return new Encapsulation(shared, Primitives.concat(mlkem.getEncapsulation(), share));
  }

  /**
   * Decapsulates a 1120-byte enc. ML-KEM rejects implicitly (a wrong enc gives a wrong secret, found
   * later by the AEAD); empty when the X25519 shared secret is all zeros (low-order share).
   */
  static Optional<byte[]> decapsulate(PrivateKey key, byte[] enc) {
    if (enc.length != ENC_SIZE) {
      throw new IllegalArgumentException("MLKEM768-X25519 enc must be " + ENC_SIZE + " bytes");
    }
    byte[] mlkemCiphertext = Arrays.copyOfRange(enc, 0, MLKEM_CIPHERTEXT_SIZE);
    byte[] share = Arrays.copyOfRange(enc, MLKEM_CIPHERTEXT_SIZE, ENC_SIZE);
    Optional<byte[]> x25519Shared = Primitives.x25519(key.x25519Secret, share);
    if (x25519Shared.isEmpty()) {
      return Optional.empty();
    }
    byte[] mlkemShared = new MLKEMExtractor(key.mlkem).extractSecret(mlkemCiphertext);
    byte[] x25519Public = Arrays.copyOfRange(key.publicKey, MLKEM_PUBLIC_KEY_SIZE, PUBLIC_KEY_SIZE);
    return Optional.of(combine(mlkemShared, x25519Shared.get(), share, x25519Public));
  }

  private static MLKEMPublicKeyParameters mlkemPublicKey(byte[] publicKey) {
    return new MLKEMPublicKeyParameters(MLKEM, Arrays.copyOfRange(publicKey, 0, MLKEM_PUBLIC_KEY_SIZE));
  }

  /** SHA3-256(ss_M || ss_X || ct_X || pk_X || label). */
  private static byte[] combine(byte[] mlkemShared, byte[] x25519Shared, byte[] share, byte[] x25519Public) {
    SHA3Digest sha3 = new SHA3Digest(256);
    for (byte[] part : new byte[][] {mlkemShared, x25519Shared, share, x25519Public, LABEL}) {
      sha3.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    sha3.doFinal(out, 0);
    return out;
  }
}
