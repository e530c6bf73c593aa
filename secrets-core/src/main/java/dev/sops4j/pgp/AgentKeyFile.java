package dev.sops4j.pgp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import org.bouncycastle.gpg.SExprParser;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEProtectionRemoverFactory;

/**
 * A GnuPG 2.1+ agent key file ({@code private-keys-v1.d/<keygrip>.key}: canonical S-expression or the
 * extended "Key:" format), paired with the public key from the keyring. Parsed (and decrypted when
 * protected) only when unlocked.
 */
final class AgentKeyFile implements SecretMaterial {
  private static final Provider PROVIDER = new BouncyCastleProvider();

  private final byte[] content;
  private final PGPPublicKey publicKey;
  private final String source;

  AgentKeyFile(byte[] content, PGPPublicKey publicKey, String source) {
    this.content = content.clone();
    this.publicKey = publicKey;
    this.source = source;
  }

  /** Whether the file holds a key on a smartcard or token (no secret here). */
  static boolean isShadowed(byte[] content) {
    return contains(content, "shadowed-private-key");
  }

  @Override
  public boolean isProtected() {
    return contains(content, "protected-private-key");
  }

  @Override
  public PGPPrivateKey unlock(char[] passphrase) throws WrongPassphrase, PgpKeyException {
    boolean locked = isProtected();
    try {
      BcPGPDigestCalculatorProvider digests = new BcPGPDigestCalculatorProvider();
      JcePBEProtectionRemoverFactory remover =
          new JcePBEProtectionRemoverFactory(passphrase == null ? new char[0] : passphrase, digests)
              .setProvider(PROVIDER);
      PGPSecretKey key = new SExprParser(digests)
          .parseSecretKey(new ByteArrayInputStream(content), remover, publicKey);
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
          + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean contains(byte[] content, String token) {
    return new String(content, StandardCharsets.ISO_8859_1).contains(token);
  }
}
