package dev.sops4j.age;

import dev.sops4j.ssh.SshRsaPublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * age's {@code ssh-rsa} recipient type ({@code age:agessh}): the file key encrypted with RSA-OAEP
 * (SHA-256, MGF1-SHA-256, label {@code age-encryption.org/v1/ssh-rsa}). Stanza:
 * {@code -> ssh-rsa <tag>}, body = the RSA ciphertext. Keys under 2048 bits are refused.
 */
public final class SshRsaRecipient implements Recipient {
  static final String TYPE = "ssh-rsa";
  static final int MIN_BITS = 2048;
  private static final byte[] OAEP_LABEL = "age-encryption.org/v1/ssh-rsa".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshRsaPublicKey publicKey;
  private final String tag;

  /** @throws AgeKeyException when the modulus is shorter than 2048 bits */
  public SshRsaRecipient(SshRsaPublicKey publicKey) throws AgeKeyException {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.bitLength() < MIN_BITS) {
      throw new AgeKeyException("ssh-rsa key " + publicKey.fingerprint() + " has " + publicKey.bitLength()
          + " bits; at least " + MIN_BITS + " are required");
    }
    this.tag = SshKeys.tag(publicKey.wireEncoding());
  }

  /** The ssh public key this recipient encrypts to. */
  public SshRsaPublicKey publicKey() {
    return publicKey;
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) throws AgeException {
    var params = new RSAKeyParameters(false, publicKey.modulus(), publicKey.publicExponent());
    try {
      byte[] body = oaep(true, new ParametersWithRandom(params, RANDOM)).processBlock(fileKey, 0, fileKey.length);
      return List.of(new Stanza(TYPE, List.of(tag), body));
    } catch (InvalidCipherTextException e) {
      throw new AgeKeyException("ssh-rsa encryption failed for key " + publicKey.fingerprint(), e);
    }
  }

  /** RSA-OAEP as agessh uses it: SHA-256 for the hash and for MGF1, and the age label. */
  static AsymmetricBlockCipher oaep(boolean encrypt, CipherParameters key) {
    OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), OAEP_LABEL);
    oaep.init(encrypt, key);
    return oaep;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshRsaRecipient r && r.publicKey.equals(publicKey);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "ssh-rsa recipient " + publicKey;
  }
}
