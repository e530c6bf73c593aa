package dev.sops4j.age;

import dev.sops4j.ssh.SshRsaPrivateKey;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;

/**
 * Opens age's {@code ssh-rsa} stanzas with an RSA ssh private key (see {@link SshRsaRecipient}). As in
 * age: a stanza of this type without exactly one argument is a header failure; another key's tag is
 * not ours; a stanza with our tag whose OAEP decryption fails is a header failure.
 */
public final class SshRsaIdentity extends TypedIdentity {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SshRsaPrivateKey privateKey;
  private final RSAPrivateCrtKeyParameters params;
  private final String tag;

  public SshRsaIdentity(SshRsaPrivateKey privateKey) {
    super(SshRsaRecipient.TYPE);
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    var s = privateKey.keySpec();
    this.params = new RSAPrivateCrtKeyParameters(s.getModulus(), s.getPublicExponent(), s.getPrivateExponent(),
        s.getPrimeP(), s.getPrimeQ(), s.getPrimeExponentP(), s.getPrimeExponentQ(), s.getCrtCoefficient());
    this.tag = SshKeys.tag(privateKey.publicKey().wireEncoding());
  }

  /** The recipient for this identity's public key (refused under 2048 bits). */
  public SshRsaRecipient recipient() throws AgeKeyException {
    return new SshRsaRecipient(privateKey.publicKey());
  }

  @Override
  Optional<byte[]> unwrapOne(Stanza s) throws AgeException {
    if (s.args().size() != 1) {
      throw new AgeHeaderException("invalid ssh-rsa stanza: want 1 argument, got " + s.args().size());
    }
    if (!s.args().get(0).equals(tag)) {
      return Optional.empty();
    }
    byte[] body = s.body();
    byte[] fileKey;
    try {
      fileKey = SshRsaRecipient.oaep(false, new ParametersWithRandom(params, RANDOM)).processBlock(body, 0, body.length);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw SshKeys.damagedStanza(privateKey.publicKey());
    }
    return SshKeys.checkedFileKey(SshRsaRecipient.TYPE, fileKey);
  }

  @Override
  public String toString() {
    return "ssh-rsa identity " + privateKey.publicKey();
  }
}
