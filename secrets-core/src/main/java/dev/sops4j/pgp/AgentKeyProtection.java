package dev.sops4j.pgp;

import java.io.ByteArrayOutputStream;
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
 * The secret parameter {@code d} of an ECC agent key, decrypting gpg-agent's protection where
 * needed ({@code openpgp-s2k3-ocb-aes}: AES-128-OCB whose associated data is the canonical key list
 * without its {@code protected} element; {@code openpgp-s2k3-sha1-aes-cbc}: AES-128-CBC). The key is
 * derived with iterated and salted SHA-1 over the raw byte count gpg-agent stores. BouncyCastle's own
 * agent key reader handles RSA, DSA, ElGamal and Weierstrass curves but not Curve25519 keys.
 */
final class AgentKeyProtection {
  private static final int KEY_LENGTH = 16;
  private static final long MAX_S2K_COUNT = 1L << 32;

  private AgentKeyProtection() {}

  /** {@code d} of an unprotected or protected ECC key; throws {@link SecretMaterial.WrongPassphrase} on failure. */
  static byte[] eccSecret(SExpression key, char[] passphrase) throws SecretMaterial.WrongPassphrase {
    SExpression algorithm = key.getExpression(1);
    SExpression d = algorithm.getExpressionWithLabel("d");
    if (d != null) {
      return d.getBytes(1);
    }
    SExpression prot = algorithm.getExpressionWithLabel("protected");
    if (prot == null || passphrase == null) {
      throw new SecretMaterial.WrongPassphrase();
    }
    String mode = prot.getString(1);
    SExpression params = prot.getExpression(2);
    SExpression s2k = params.getExpression(0);
    if (!"sha1".equals(s2k.getString(0))) {
      throw new SecretMaterial.WrongPassphrase();
    }
    byte[] salt = s2k.getBytes(1);
    long count = Long.parseLong(s2k.getString(2).strip());
    byte[] iv = params.getBytes(1);
    byte[] data = prot.getBytes(3);
    byte[] aesKey = s2k(passphrase, salt, count);
    try {
      byte[] plain;
      if ("openpgp-s2k3-ocb-aes".equals(mode)) {
        plain = ocb(aesKey, iv, aad(algorithm.toCanonicalForm()), data);
      } else if ("openpgp-s2k3-sha1-aes-cbc".equals(mode)) {
        plain = cbc(aesKey, iv, data);
      } else {
        throw new SecretMaterial.WrongPassphrase();
      }
      byte[] secret = findD(SExpression.parse(plain, 10));
      Arrays.fill(plain, (byte) 0);
      if (secret == null) {
        throw new SecretMaterial.WrongPassphrase();
      }
      return secret;
    } catch (InvalidCipherTextException | java.io.IOException | RuntimeException e) {
      throw new SecretMaterial.WrongPassphrase();
    } finally {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  private static byte[] findD(SExpression e) {
    if (e.getValues().size() >= 2 && "d".equals(stringOrNull(e.getValue(0))) && e.getValue(1) instanceof byte[] b) {
      return b;
    }
    for (Object v : e.getValues()) {
      if (v instanceof SExpression sub) {
        byte[] found = findD(sub);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String stringOrNull(Object v) {
    if (v instanceof String s) {
      return s;
    }
    return v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : null;
  }

  /** The canonical algorithm list without its {@code (9:protected ...)} element. */
  static byte[] aad(byte[] canonicalAlgorithm) {
    byte[] marker = "(9:protected".getBytes(StandardCharsets.US_ASCII);
    int i = 1;
    while (i < canonicalAlgorithm.length) {
      byte c = canonicalAlgorithm[i];
      if (c == '(') {
        if (startsWith(canonicalAlgorithm, i, marker)) {
          int end = skipList(canonicalAlgorithm, i);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(canonicalAlgorithm, 0, i);
          out.write(canonicalAlgorithm, end, canonicalAlgorithm.length - end);
          return out.toByteArray();
        }
        i = skipList(canonicalAlgorithm, i);
      } else if (c == ')') {
        break;
      } else {
        i = skipAtom(canonicalAlgorithm, i);
      }
    }
    return canonicalAlgorithm;
  }

  private static boolean startsWith(byte[] data, int at, byte[] prefix) {
    return at + prefix.length <= data.length
        && Arrays.equals(data, at, at + prefix.length, prefix, 0, prefix.length);
  }

  private static int skipAtom(byte[] data, int at) {
    int colon = at;
    while (data[colon] != ':') {
      colon++;
    }
    return colon + 1 + Integer.parseInt(new String(data, at, colon - at, StandardCharsets.US_ASCII));
  }

  private static int skipList(byte[] data, int open) {
    int i = open + 1;
    while (data[i] != ')') {
      i = data[i] == '(' ? skipList(data, i) : skipAtom(data, i);
    }
    return i + 1;
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
