package dev.sops4j.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.DSAPublicBCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.ElGamalPublicBCPGKey;
import org.bouncycastle.bcpg.OctetArrayBCPGKey;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.gpg.PGPSecretKeyParser;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.OpenedPGPKeyData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEProtectionRemoverFactory;

/**
 * A GnuPG 2.1+ agent key file ({@code private-keys-v1.d/<keygrip>.key}: canonical S-expression or the
 * extended "Key:" format), paired with the public key from the keyring. Files are matched to public
 * keys by their public value (RSA modulus, EC point, DSA/ElGamal y), which is stored in clear even in
 * protected files; the secret part is decrypted only when unlocked: RSA and Curve25519 keys here
 * ({@link RsaAgentKey}, {@link Curve25519AgentKey}), other algorithms by BouncyCastle.
 */
final class AgentKeyFile implements SecretMaterial {
  private static final Provider PROVIDER = new BouncyCastleProvider();
  private static final int MAX_DEPTH = 10;

  private final byte[] content;
  private final PGPPublicKey publicKey;
  private final String source;

  AgentKeyFile(byte[] content, PGPPublicKey publicKey, String source) {
    this.content = content.clone();
    this.publicKey = publicKey;
    this.source = source;
  }

  /** The key expression of an agent key file, for example {@code (private-key (rsa (n ..) ..))}. */
  static SExpression parse(byte[] content, String source) throws PgpKeyException {
    try {
      return PGPSecretKeyParser.parse(new ByteArrayInputStream(content), MAX_DEPTH).getKeyExpression();
    } catch (IOException | RuntimeException e) {
      throw new PgpKeyException(source + ": not a GnuPG agent key file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether the key is on a smartcard or token (no secret in the file). */
  static boolean isShadowed(SExpression key) {
    return "shadowed-private-key".equals(SExpressions.text(key, 0));
  }

  /**
   * The public value of the key in the file (RSA {@code n}, EC {@code q}, DSA/ElGamal {@code y}) as an
   * unsigned number, or null when the file has none.
   */
  static BigInteger publicValue(SExpression key) {
    try {
      SExpression algorithm = key.getExpression(1);
      String name = SExpressions.text(algorithm, 0);
      SExpression value = SExpressions.child(algorithm, "rsa".equals(name) ? "n" : "ecc".equals(name) ? "q" : "y");
      return value == null ? null : new BigInteger(1, SExpressions.bytes(value, 1));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The same public value of an OpenPGP key, or null for an algorithm agent files do not hold. */
  static BigInteger publicValue(PGPPublicKey key) {
    BCPGKey k = key.getPublicKeyPacket().getKey();
    if (k instanceof RSAPublicBCPGKey rsa) {
      return rsa.getModulus();
    } else if (k instanceof ECPublicBCPGKey ec) {
      return ec.getEncodedPoint();
    } else if (k instanceof DSAPublicBCPGKey dsa) {
      return dsa.getY();
    } else if (k instanceof ElGamalPublicBCPGKey elg) {
      return elg.getY();
    } else if (k instanceof OctetArrayBCPGKey octets) {
      // native X25519/Ed25519/X448/Ed448 keys: GnuPG stores them with its 0x40 prefix
      byte[] prefixed = new byte[octets.getKey().length + 1];
      prefixed[0] = 0x40;
      System.arraycopy(octets.getKey(), 0, prefixed, 1, prefixed.length - 1);
      return new BigInteger(1, prefixed);
    }
    return null;
  }

  private static boolean isRsa(SExpression key) {
    try {
      return "rsa".equals(SExpressions.text(key.getExpression(1), 0));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isCurve25519(SExpression key) {
    try {
      SExpression algorithm = key.getExpression(1);
      SExpression curve = SExpressions.child(algorithm, "curve");
      return "ecc".equals(SExpressions.text(algorithm, 0)) && curve != null
          && ("Curve25519".equalsIgnoreCase(SExpressions.text(curve, 1))
              || "cv25519".equalsIgnoreCase(SExpressions.text(curve, 1)));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public boolean isProtected() {
    return new String(content, StandardCharsets.ISO_8859_1).contains("protected-private-key");
  }

  @Override
  public PGPPrivateKey unlock(char[] passphrase) throws WrongPassphrase, PgpKeyException {
    boolean locked = isProtected();
    SExpression expression = parse(content, source);
    if (isCurve25519(expression)) {
      return Curve25519AgentKey.unlock(expression, passphrase, publicKey, locked, source);
    }
    if (isRsa(expression)) {
      return RsaAgentKey.unlock(expression, passphrase, publicKey, locked, source);
    }
    try {
      BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
      JcePBEProtectionRemoverFactory remover =
          new JcePBEProtectionRemoverFactory(passphrase == null ? new char[0] : passphrase, digests)
              .setProvider(PROVIDER);
      OpenedPGPKeyData data = PGPSecretKeyParser.parse(new ByteArrayInputStream(content), MAX_DEPTH);
      PGPSecretKey key = data.getKeyData(publicKey, digests, remover, new BcKeyFingerprintCalculator(), MAX_DEPTH);
      if (key == null) {
        throw new PgpKeyException(source + ": unsupported agent key file for " + PgpFingerprints.of(publicKey));
      }
      return key.extractPrivateKey(null);
    } catch (PgpKeyException e) {
      throw e;
    } catch (Exception e) {
      if (locked) {
        throw new WrongPassphrase();
      }
      throw new PgpKeyException(source + ": agent key file for " + PgpFingerprints.of(publicKey)
          + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
