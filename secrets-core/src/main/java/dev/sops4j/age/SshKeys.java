package dev.sops4j.age;

/**
 * Bridge from OpenSSH keys (package {@code dev.sops4j.ssh}) to age's native ssh stanzas.
 *
 * <p>STUB: owned by the ssh work. Signatures are fixed; bodies pending.
 */
public final class SshKeys {
  private SshKeys() {}

  /** An authorized_keys line ({@code ssh-ed25519 AAAA… comment} or {@code ssh-rsa …}) as a recipient. */
  public static Recipient parseRecipient(String authorizedKeysLine) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * An OpenSSH private key file's text ({@code -----BEGIN OPENSSH PRIVATE KEY-----}, ed25519 or RSA,
   * also PKCS#1 RSA) as an identity. {@code sourceName} is used in error messages.
   */
  public static Identity parseIdentity(String pemText, String sourceName) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }
}
