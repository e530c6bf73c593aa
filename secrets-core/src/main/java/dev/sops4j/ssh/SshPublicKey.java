package dev.sops4j.ssh;

/**
 * An OpenSSH public key of a supported type. Immutable; {@link #toString()} shows the type, the
 * SHA-256 fingerprint and the comment.
 */
public sealed interface SshPublicKey permits SshEd25519PublicKey, SshRsaPublicKey {

  /** The SSH key type name, {@code ssh-ed25519} or {@code ssh-rsa}. */
  String type();

  /** A copy of the canonical SSH wire encoding (the decoded base64 of an authorized_keys line). */
  byte[] wireEncoding();

  /** The comment of the key line or key file; empty when there is none. */
  String comment();

  /** {@code SHA256:…} as {@code ssh-keygen -l} prints it. */
  default String fingerprint() {
    return Fingerprints.sha256(wireEncoding());
  }

  /** The authorized_keys line: type, base64 wire encoding and the comment when present. */
  default String authorizedKeysLine() {
    String line = type() + " " + java.util.Base64.getEncoder().encodeToString(wireEncoding());
    return comment().isEmpty() ? line : line + " " + comment();
  }
}
