package dev.sops4j.pgp;

import dev.sops4j.ssh.SshRsaPrivateKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/**
 * An SSH RSA key as the OpenPGP key sops-nix makes of it for {@code sshKeyPaths}: the same RSA key as a
 * v4 primary key created at the Unix epoch (so its fingerprint depends on the key alone), user id
 * {@code root (Imported from SSH) <root@localhost>}. Files encrypted to that fingerprint open with the
 * SSH key.
 */
public final class SshRsaPgpKey {
  /** The user id sops-nix gives the converted key. */
  public static final String USER_ID = "root (Imported from SSH) <root@localhost>";

  private SshRsaPgpKey() {
  }

  /**
   * The converted secret key.
   *
   * @param source the SSH key file, for messages
   */
  public static PgpSecretKeys secretKeys(SshRsaPrivateKey key, String source) throws PgpKeyException {
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(key.keySpec());
      KeyPair pair = new KeyPair(rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(),
          privateKey.getPublicExponent())), privateKey);
      PGPKeyPair pgpPair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, pair, new Date(0));
      PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pgpPair,
          USER_ID, new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), null, null,
          new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
      byte[] encoded = generator.generateSecretKeyRing().getEncoded();
      return PgpKeys.parseSecretKeys(encoded, source + " (as PGP key)", PgpPassphrase.NONE);
    } catch (GeneralSecurityException | PGPException | IOException | RuntimeException e) {
      throw new PgpKeyException(source + ": cannot convert the SSH RSA key to a PGP key: "
          + e.getClass().getSimpleName(), e);
    }
  }
}
