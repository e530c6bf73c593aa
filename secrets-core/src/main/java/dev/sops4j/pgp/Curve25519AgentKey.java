package dev.sops4j.pgp;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.bcpg.BCPGKey;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.ECSecretBCPGKey;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.util.BigIntegers;

/**
 * An agent key file holding a Curve25519 (cv25519 ECDH) key, read without BouncyCastle's agent key
 * parser (which cannot decode the 0x40-prefixed point). The secret scalar must give the public point
 * of the OpenPGP key, which also catches a wrong passphrase under CBC protection.
 */
final class Curve25519AgentKey {
  private Curve25519AgentKey() {}

  static PGPPrivateKey unlock(SExpression key, char[] passphrase, PGPPublicKey publicKey, boolean locked,
      String source) throws SecretMaterial.WrongPassphrase, PgpKeyException {
    byte[] d;
    try {
      SExpression secret = AgentKeyProtection.secretParameters(key, locked ? passphrase : null);
      d = SExpressions.bytes(SExpressions.child(secret, "d"), 1);
    } catch (RuntimeException e) {
      throw new PgpKeyException(source + ": agent key file for " + PgpFingerprints.of(publicKey)
          + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    byte[] expected = publicPoint(publicKey, source);
    byte[] mpi = BigIntegers.asUnsignedByteArray(32, new BigInteger(1, d));
    Arrays.fill(d, (byte) 0);
    try {
      // OpenPGP (and gpg-agent) store the scalar big-endian, the reverse of X25519's native order
      if (Arrays.equals(publicOf(reversed(mpi)), expected)) {
        return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(),
            new ECSecretBCPGKey(new BigInteger(1, mpi)));
      }
      if (Arrays.equals(publicOf(mpi), expected)) {
        return new PGPPrivateKey(publicKey.getKeyID(), publicKey.getPublicKeyPacket(),
            new ECSecretBCPGKey(new BigInteger(1, reversed(mpi))));
      }
    } finally {
      Arrays.fill(mpi, (byte) 0);
    }
    if (locked) {
      throw new SecretMaterial.WrongPassphrase();
    }
    throw new PgpKeyException(source + ": the secret key does not belong to " + PgpFingerprints.of(publicKey));
  }

  private static byte[] publicPoint(PGPPublicKey publicKey, String source) throws PgpKeyException {
    BCPGKey k = publicKey.getPublicKeyPacket().getKey();
    if (k instanceof ECPublicBCPGKey ec) {
      byte[] point = BigIntegers.asUnsignedByteArray(ec.getEncodedPoint());
      if (point.length == 33 && point[0] == 0x40) {
        return Arrays.copyOfRange(point, 1, 33);
      }
    }
    throw new PgpKeyException(source + ": " + PgpFingerprints.of(publicKey) + " is not a Curve25519 key");
  }

  private static byte[] publicOf(byte[] nativeScalar) {
    byte[] pub = new byte[X25519.POINT_SIZE];
    X25519.scalarMultBase(nativeScalar, 0, pub, 0);
    return pub;
  }

  private static byte[] reversed(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }
}
