package dev.sops4j.pgp;

import java.math.BigInteger;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.RSAPublicBCPGKey;
import org.bouncycastle.bcpg.RSASecretBCPGKey;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * An agent key file holding an RSA key: {@code d}, {@code p} and {@code q} from the (decrypted)
 * secret parameters; {@code p * q} must be the modulus of the OpenPGP key, which also catches a wrong
 * passphrase under CBC protection.
 */
final class RsaAgentKey {
  private RsaAgentKey() {}

  static PGPPrivateKey unlock(SExpression key, char[] passphrase, PGPPublicKey publicKey, boolean locked,
      String source) throws SecretMaterial.WrongPassphrase, PgpKeyException {
    BCPGKey pub = publicKey.getPublicKeyPacket().getKey();
    if (!(pub instanceof RSAPublicBCPGKey rsa)) {
      throw new PgpKeyException(source + ": " + PgpFingerprints.of(publicKey) + " is not an RSA key");
    }
    BigInteger d;
    BigInteger p;
    BigInteger q;
    try {
      SExpression secret = AgentKeyProtection.secretParameters(key, locked ? passphrase : null);
      d = value(secret, "d");
      p = value(secret, "p");
      q = value(secret, "q");
    } catch (RuntimeException e) {
      throw new PgpKeyException(source + ": agent key file for " + PgpFingerprints.of(publicKey)
          + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (!p.multiply(q).equals(rsa.getModulus())) {
      if (locked) {
        throw new SecretMaterial.WrongPassphrase();
      }
      throw new PgpKeyException(source + ": the secret key does not belong to " + PgpFingerprints.of(publicKey));
    }
    // OpenPGP wants p < q (u = p^-1 mod q); gpg-agent keeps libgcrypt's order, which may differ
    return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(),
        p.compareTo(q) < 0 ? new RSASecretBCPGKey(d, p, q) : new RSASecretBCPGKey(d, q, p));
  }

  private static BigInteger value(SExpression secret, String label) {
    SExpression v = SExpressions.child(secret, label);
    if (v == null) {
      throw new IllegalArgumentException("no " + label);
    }
    return new BigInteger(1, SExpressions.bytes(v, 1));
  }
}
