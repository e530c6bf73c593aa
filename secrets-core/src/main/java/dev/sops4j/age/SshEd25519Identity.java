package dev.sops4j.age;

import dev.sops4j.ssh.SshEd25519PrivateKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens age's {@code ssh-ed25519} stanzas with an Ed25519 ssh private key (see {@link SshEd25519Recipient}).
 * As in age: a stanza of this type with the wrong argument count or share is a header failure whatever
 * its tag; a stanza with another key's tag is not ours; a stanza with our tag that fails to decrypt is a
 * header failure (it names this key, so it was damaged).
 */
public final class SshEd25519Identity extends TypedIdentity {
  private final SshEd25519PrivateKey privateKey;
  private final byte[] scalar;
  private final byte[] ourMontgomeryKey;
  private final byte[] tweak;
  private final String tag;

  public SshEd25519Identity(SshEd25519PrivateKey privateKey) {
    super(SshEd25519Recipient.TYPE);
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    byte[] wire = privateKey.publicKey().wireEncoding();
    this.scalar = privateKey.x25519Scalar();
    this.ourMontgomeryKey = Primitives.x25519Base(scalar);
    this.tweak = SshEd25519Recipient.tweak(wire);
    this.tag = SshKeys.tag(wire);
  }

  /** The recipient for this identity's public key. */
  public SshEd25519Recipient recipient() {
    return new SshEd25519Recipient(privateKey.publicKey());
  }

  @Override
  Optional<byte[]> unwrapOne(Stanza s) throws AgeException {
    if (s.args().size() != 2) {
      throw new AgeHeaderException("invalid ssh-ed25519 stanza: want 2 arguments, got " + s.args().size());
    }
    byte[] share = StrictBase64.decode(s.args().get(1), 32)
        .orElseThrow(() -> new AgeHeaderException("invalid ssh-ed25519 stanza: the share is not canonical base64 "
            + "of 32 bytes"));
    if (!s.args().get(0).equals(tag)) {
      return Optional.empty();
    }
    byte[] shared = Primitives.x25519(scalar, share)
        .orElseThrow(() -> new AgeHeaderException("invalid ssh-ed25519 stanza: low-order ephemeral share"));
    byte[] tweaked = Primitives.x25519(tweak, shared)
        .orElseThrow(() -> new AgeHeaderException("invalid ssh-ed25519 stanza: all-zero tweaked secret"));
    byte[] wrapKey = Primitives.hkdf(tweaked, Primitives.concat(share, ourMontgomeryKey), SshEd25519Recipient.LABEL);
    byte[] fileKey = Primitives.openZeroNonce(wrapKey, s.body())
        .orElseThrow(() -> SshKeys.damagedStanza(privateKey.publicKey()));
    return SshKeys.checkedFileKey(SshEd25519Recipient.TYPE, fileKey);
  }

  @Override
  public String toString() {
    return "ssh-ed25519 identity " + privateKey.publicKey();
  }
}
