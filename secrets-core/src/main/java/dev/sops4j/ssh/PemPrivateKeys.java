package dev.sops4j.ssh;

import static dev.sops4j.ssh.PublicKeyBlobs.withSource;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;

/** Legacy PEM private keys as ssh-keygen writes them with {@code -m PEM} (PKCS#1 RSA) or {@code -m PKCS8}. */
final class PemPrivateKeys {
  static final String PKCS1_LABEL = "RSA PRIVATE KEY";
  static final String PKCS8_LABEL = "PRIVATE KEY";

  /** id-Ed25519 (RFC 8410). */
  private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private PemPrivateKeys() {}

  static SshPrivateKey pkcs1(byte[] der, String source) throws SshKeyException {
    RSAPrivateKey k;
    try {
      k = RSAPrivateKey.getInstance(der);
    } catch (RuntimeException e) {
      throw new SshKeyException(source + ": malformed PKCS#1 RSA private key");
    }
    return fromPkcs1(k, source);
  }

  static SshPrivateKey pkcs8(byte[] der, String source) throws SshKeyException {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
      var algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
      if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
        return fromPkcs1(RSAPrivateKey.getInstance(info.parsePrivateKey()), source);
      }
      if (algorithm.equals(ED25519)) {
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        return withSource(source, () -> SshEd25519PrivateKey.fromSeed(seed, ""));
      }
      throw new SshKeyException(source + ": unsupported PKCS#8 key algorithm " + algorithm.getId()
          + " (supported: RSA, Ed25519)");
    } catch (java.io.IOException | RuntimeException e) {
      if (e instanceof SshKeyException ske) {
        throw ske;
      }
      throw new SshKeyException(source + ": malformed PKCS#8 private key");
    }
  }

  private static SshPrivateKey fromPkcs1(RSAPrivateKey k, String source) throws SshKeyException {
    return withSource(source, () -> SshRsaPrivateKey.of(
        SshRsaPublicKey.of(k.getModulus(), k.getPublicExponent(), ""),
        k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getCoefficient()));
  }
}
