package dev.sops4j.pgp;

import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/** A secret key packet from an OpenPGP transferable secret key (armored, binary or secring.gpg). */
final class PacketSecretKey implements SecretMaterial {
  private final PGPSecretKey key;
  private final String source;

  PacketSecretKey(PGPSecretKey key, String source) {
    this.key = key;
    this.source = source;
  }

  @Override
  public boolean isProtected() {
    return key.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
  }

  @Override
  public PGPPrivateKey unlock(char[] passphrase) throws WrongPassphrase, PgpKeyException {
    try {
      if (!isProtected()) {
        return key.extractPrivateKey(null);
      }
      return key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase));
    } catch (PGPException | RuntimeException e) {
      if (isProtected()) {
        throw new WrongPassphrase();
      }
      throw new PgpKeyException(source + ": secret key " + PgpFingerprints.of(key.getPublicKey())
          + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
