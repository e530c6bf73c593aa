package dev.sops4j.ssh;

/**
 * An OpenSSH private key of a supported type. Immutable; {@link #toString()} shows only the type, the
 * public key fingerprint and the comment, never secret material.
 */
public sealed interface SshPrivateKey permits SshEd25519PrivateKey, SshRsaPrivateKey {

  /** The SSH key type name, {@code ssh-ed25519} or {@code ssh-rsa}. */
  default String type() {
    return publicKey().type();
  }

  /** The matching public key (its comment is this key's comment). */
  SshPublicKey publicKey();

  /** The comment stored with the key; empty when there is none (PEM keys have none). */
  default String comment() {
    return publicKey().comment();
  }
}
