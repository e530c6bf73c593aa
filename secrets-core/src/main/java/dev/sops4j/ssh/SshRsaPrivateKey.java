package dev.sops4j.ssh;

import java.math.BigInteger;
import java.security.spec.RSAPrivateCrtKeySpec;

/** An {@code ssh-rsa} private key with its CRT parameters. */
public final class SshRsaPrivateKey implements SshPrivateKey {
  private final SshRsaPublicKey publicKey;
  private final BigInteger privateExponent;
  private final BigInteger primeP;
  private final BigInteger primeQ;
  private final BigInteger crtCoefficient;

  private SshRsaPrivateKey(SshRsaPublicKey publicKey, BigInteger privateExponent, BigInteger primeP,
      BigInteger primeQ, BigInteger crtCoefficient) {
    this.publicKey = publicKey;
    this.privateExponent = privateExponent;
    this.primeP = primeP;
    this.primeQ = primeQ;
    this.crtCoefficient = crtCoefficient;
  }

  /**
   * The key from its numbers as OpenSSH stores them. Checks that p·q = n and that iqmp = q⁻¹ mod p;
   * the exponents d mod (p-1) and d mod (q-1) are derived.
   */
  public static SshRsaPrivateKey of(SshRsaPublicKey publicKey, BigInteger privateExponent, BigInteger primeP,
      BigInteger primeQ, BigInteger crtCoefficient) throws SshKeyException {
    if (primeP.signum() <= 0 || primeQ.signum() <= 0 || !primeP.multiply(primeQ).equals(publicKey.modulus())) {
      throw new SshKeyException("ssh-rsa private key is inconsistent: p·q differs from the modulus");
    }
    if (!primeQ.multiply(crtCoefficient).mod(primeP).equals(BigInteger.ONE)) {
      throw new SshKeyException("ssh-rsa private key is inconsistent: bad CRT coefficient");
    }
    if (privateExponent.signum() <= 0) {
      throw new SshKeyException("ssh-rsa private exponent must be positive");
    }
    return new SshRsaPrivateKey(publicKey, privateExponent, primeP, primeQ, crtCoefficient);
  }

  @Override
  public SshRsaPublicKey publicKey() {
    return publicKey;
  }

  /** The CRT key specification, for use with an RSA engine (JCA or BouncyCastle). */
  public RSAPrivateCrtKeySpec keySpec() {
    BigInteger d = privateExponent;
    return new RSAPrivateCrtKeySpec(publicKey.modulus(), publicKey.publicExponent(), d, primeP, primeQ,
        d.mod(primeP.subtract(BigInteger.ONE)), d.mod(primeQ.subtract(BigInteger.ONE)), crtCoefficient);
  }

  /** Equal when the modulus and private exponent are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SshRsaPrivateKey k && k.publicKey.equals(publicKey) && k.privateExponent.equals(privateExponent);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "ssh-rsa private key " + publicKey.bitLength() + " " + publicKey.fingerprint()
        + (publicKey.comment().isEmpty() ? "" : " " + publicKey.comment());
  }
}
