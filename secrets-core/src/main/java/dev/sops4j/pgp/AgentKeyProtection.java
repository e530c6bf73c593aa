package dev.sops4j.pgp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.OCBBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.gpg.SExpression;

/**
 * The secret parameters of an agent key, decrypting gpg-agent's protection where needed
 * ({@code openpgp-s2k3-ocb-aes}: AES-128-OCB whose associated data is the canonical key list without
 * its {@code protected} element; {@code openpgp-s2k3-sha1-aes-cbc}: AES-128-CBC). The key is
 * derived with iterated and salted SHA-1 over the raw byte count gpg-agent stores. Used for RSA and
 * Curve25519 keys (BouncyCastle's own agent key reader cannot decode Curve25519 points and reads
 * values written as quoted strings wrongly).
 */
final class AgentKeyProtection {
  private static final int KEY_LENGTH = 16;
  private static final long MAX_S2K_COUNT = 1L << 32;

  private AgentKeyProtection() {}

  /**
   * The list holding the secret parameters ({@code (d ..)}, and {@code (p ..)(q ..)(u ..)} for RSA) of
   * an unprotected key, or of a protected key once decrypted.
   *
   * @throws SecretMaterial.WrongPassphrase when the passphrase is missing or does not decrypt the key
   * @throws IllegalArgumentException when the key expression is malformed or uses another protection
   */
  static SExpression secretParameters(SExpression key, char[] passphrase) throws SecretMaterial.WrongPassphrase {
    SExpression algorithm = key.getExpression(1);
    if (SExpressions.child(algorithm, "d") != null) {
      return algorithm;
    }
    SExpression prot = SExpressions.child(algorithm, "protected");
    if (prot == null) {
      throw new IllegalArgumentException("neither a secret value nor a protected one");
    }
    String mode = SExpressions.text(prot, 1);
    SExpression params = prot.getExpression(2);
    SExpression s2k = params.getExpression(0);
    if (!"sha1".equals(SExpressions.text(s2k, 0))) {
      throw new IllegalArgumentException("unsupported protection hash");
    }
    byte[] salt = SExpressions.bytes(s2k, 1);
    long count = Long.parseLong(SExpressions.text(s2k, 2).strip());
    byte[] iv = SExpressions.bytes(params, 1);
    byte[] data = SExpressions.bytes(prot, 3);
    boolean ocb = "openpgp-s2k3-ocb-aes".equals(mode);
    if (!ocb && !"openpgp-s2k3-sha1-aes-cbc".equals(mode)) {
      throw new IllegalArgumentException("unsupported protection " + mode);
    }
    if (passphrase == null) {
      throw new SecretMaterial.WrongPassphrase();
    }
    byte[] aesKey = s2k(passphrase, salt, count);
    byte[] plain = null;
    try {
      plain = ocb
          ? ocb(aesKey, iv, SExpressions.canonical(algorithm, "protected"), data)
          : cbc(aesKey, iv, data);
      SExpression secret = withD(SExpression.parse(plain, 10));
      if (secret == null) {
        throw new SecretMaterial.WrongPassphrase();
      }
      return secret;
    } catch (InvalidCipherTextException | java.io.IOException | RuntimeException e) {
      throw new SecretMaterial.WrongPassphrase();
    } finally {
      Arrays.fill(aesKey, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static SExpression withD(SExpression e) {
    if (SExpressions.child(e, "d") != null) {
      return e;
    }
    for (Object v : e.getValues()) {
      if (v instanceof SExpression sub) {
        SExpression found = withD(sub);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** OpenPGP iterated and salted S2K with SHA-1, {@code count} bytes hashed (at least salt + passphrase once). */
  static byte[] s2k(char[] passphrase, byte[] salt, long count) {
    if (count <= 0 || count > MAX_S2K_COUNT) {
      throw new IllegalArgumentException("S2K count out of range");
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] pass = new byte[encoded.remaining()];
    encoded.get(pass);
    Arrays.fill(encoded.array(), (byte) 0);
    byte[] unit = new byte[salt.length + pass.length];
    System.arraycopy(salt, 0, unit, 0, salt.length);
    System.arraycopy(pass, 0, unit, salt.length, pass.length);
    Arrays.fill(pass, (byte) 0);
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      long remaining = Math.max(count, unit.length);
      while (remaining > 0) {
        int n = (int) Math.min(unit.length, remaining);
        sha1.update(unit, 0, n);
        remaining -= n;
      }
      return Arrays.copyOf(sha1.digest(), KEY_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    } finally {
      Arrays.fill(unit, (byte) 0);
    }
  }

  private static byte[] ocb(byte[] key, byte[] nonce, byte[] aad, byte[] data) throws InvalidCipherTextException {
    OCBBlockCipher ocb = new OCBBlockCipher(new AESEngine(), new AESEngine());
    ocb.init(false, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[ocb.getOutputSize(data.length)];
    int n = ocb.processBytes(data, 0, data.length, out, 0);
    n += ocb.doFinal(out, n);
    return Arrays.copyOf(out, n);
  }

  private static byte[] cbc(byte[] key, byte[] iv, byte[] data) {
    if (data.length % 16 != 0) {
      throw new IllegalArgumentException("CBC data is not whole blocks");
    }
    CBCBlockCipher cbc = (CBCBlockCipher) CBCBlockCipher.newInstance(new AESEngine());
    cbc.init(false, new ParametersWithIV(new KeyParameter(key), iv));
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i += 16) {
      cbc.processBlock(data, i, out, i);
    }
    return out;
  }
}
