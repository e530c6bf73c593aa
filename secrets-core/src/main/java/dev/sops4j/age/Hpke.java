package dev.sops4j.age;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The HPKE (RFC 9180) base-mode key schedule with KDF HKDF-SHA256 and AEAD ChaCha20Poly1305, for a
 * single message (sequence number 0). The KEM is supplied by the caller as a shared secret and its
 * two-byte identifier. Package-private: not API.
 */
final class Hpke {
  static final int KDF_HKDF_SHA256 = 0x0001;
  static final int AEAD_CHACHA20_POLY1305 = 0x0003;
  private static final byte MODE_BASE = 0x00;
  private static final int KEY_LENGTH = 32;
  private static final int NONCE_LENGTH = 12;
  private static final byte[] VERSION_LABEL = ascii("HPKE-v1");

  /** The AEAD key and base nonce of one HPKE context. */
  record Context(byte[] key, byte[] baseNonce) {}

  private Hpke() {}

  /** KeySchedule(mode_base, shared_secret, info, psk = "", psk_id = "") of RFC 9180 §5.1. */
  static Context keySchedule(int kemId, byte[] sharedSecret, byte[] info) {
    byte[] suite = suiteId(kemId);
    byte[] pskIdHash = labeledExtract(suite, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(suite, new byte[0], "info_hash", info);
    byte[] context = Primitives.concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(suite, sharedSecret, "secret", new byte[0]);
    byte[] key = labeledExpand(suite, secret, "key", context, KEY_LENGTH);
    byte[] nonce = labeledExpand(suite, secret, "base_nonce", context, NONCE_LENGTH);
    return new Context(key, nonce);
  }

  /** Seal of the first message of a context: ChaCha20-Poly1305 with the base nonce, empty AAD. */
  static byte[] seal(Context ctx, byte[] plaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, ctx).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /** Open of the first message of a context; empty when the tag does not verify. */
  static Optional<byte[]> open(Context ctx, byte[] ciphertext) {
    try {
      return Optional.of(cipher(Cipher.DECRYPT_MODE, ctx).doFinal(ciphertext));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  private static Cipher cipher(int mode, Context ctx) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    c.init(mode, new SecretKeySpec(ctx.key(), "ChaCha20"), new IvParameterSpec(ctx.baseNonce()));
    return c;
  }

  /** suite_id = "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2). */
  static byte[] suiteId(int kemId) {
    return Primitives.concat(ascii("HPKE"), i2osp2(kemId), i2osp2(KDF_HKDF_SHA256), i2osp2(AEAD_CHACHA20_POLY1305));
  }

  /** LabeledExtract(salt, label, ikm) = HKDF-Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
  static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) {
    HMac hmac = new HMac(new SHA256Digest());
    // An empty salt means HashLen zero bytes; HMAC pads the key with zeros, so both are the same key.
    hmac.init(new KeyParameter(salt.length == 0 ? new byte[32] : salt));
    byte[] labeled = Primitives.concat(VERSION_LABEL, suite, ascii(label), ikm);
    hmac.update(labeled, 0, labeled.length);
    byte[] prk = new byte[hmac.getMacSize()];
    hmac.doFinal(prk, 0);
    return prk;
  }

  /** LabeledExpand(prk, label, info, L) = HKDF-Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L). */
  static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) {
    byte[] labeledInfo = Primitives.concat(i2osp2(length), VERSION_LABEL, suite, ascii(label), info);
    HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
    gen.init(HKDFParameters.skipExtractParameters(prk, labeledInfo));
    byte[] out = new byte[length];
    gen.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] i2osp2(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
