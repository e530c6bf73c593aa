package dev.sops4j.age;

import dev.sops4j.ssh.SshEd25519PublicKey;
import java.util.List;
import java.util.Objects;

/**
 * age's {@code ssh-ed25519} recipient type ({@code age:agessh}): an X25519 exchange with the
 * Montgomery form of an Ed25519 public key, tweaked by a key derived from the ssh public key.
 * Stanza: {@code -> ssh-ed25519 <tag> <b64 ephemeral share>}, body = wrapped file key (32 bytes).
 * Not anonymous: the tag identifies the key.
 */
public final class SshEd25519Recipient implements Recipient {
  static final String TYPE = "ssh-ed25519";
  static final String LABEL = "age-encryption.org/v1/ssh-ed25519";

  private final SshEd25519PublicKey publicKey;
  private final byte[] montgomeryKey;
  private final byte[] tweak;
  private final String tag;

  public SshEd25519Recipient(SshEd25519PublicKey publicKey) {
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    byte[] wire = publicKey.wireEncoding();
    this.montgomeryKey = publicKey.montgomeryPublicKey();
    this.tweak = tweak(wire);
    this.tag = SshKeys.tag(wire);
  }

  /** The ssh public key this recipient encrypts to. */
  public SshEd25519PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) throws AgeException {
    byte[] ephemeral = Primitives.random(32);
    byte[] share = Primitives.x25519Base(ephemeral);
    byte[] shared = Primitives.x25519(ephemeral, montgomeryKey)
        .orElseThrow(() -> new AgeKeyException("ssh-ed25519 recipient " + publicKey.fingerprint()
            + " is a low-order point"));
    byte[] tweaked = Primitives.x25519(tweak, shared)
        .orElseThrow(() -> new AgeKeyException("ssh-ed25519 tweak produced an all-zero secret"));
    byte[] wrapKey = Primitives.hkdf(tweaked, Primitives.concat(share, montgomeryKey), LABEL);
    byte[] body = Primitives.sealZeroNonce(wrapKey, fileKey);
    return List.of(new Stanza(TYPE, List.of(tag, StrictBase64.encode(share)), body));
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** The 32-byte tweak scalar: HKDF-SHA-256 with empty input, the ssh wire key as salt, the label as info. */
  static byte[] tweak(byte[] sshWireKey) {
    return Primitives.hkdf(new byte[0], sshWireKey, LABEL);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SshEd25519Recipient r && r.publicKey.equals(publicKey);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "ssh-ed25519 recipient " + publicKey;
  }
}
