package dev.sops4j.testkit;

import dev.sops4j.age.SshEd25519Identity;
import dev.sops4j.age.SshEd25519Recipient;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import java.nio.file.Path;

/**
 * A generated ssh-ed25519 key pair written to disk: the unencrypted OpenSSH private key file (mode
 * 0600), its {@code .pub} file, and the objects sops4j uses for it. {@link #toString()} shows the
 * public key fingerprint only.
 *
 * @param privateKeyFile the {@code openssh-key-v1} private key file
 * @param publicKeyFile the authorized_keys line of the key
 * @param privateKey the parsed private key
 * @param identity the age {@code ssh-ed25519} identity of the key
 */
public record SshKeyPair(Path privateKeyFile, Path publicKeyFile, SshEd25519PrivateKey privateKey,
    SshEd25519Identity identity) {

  /** The age recipient of the public key. */
  public SshEd25519Recipient recipient() {
    return identity.recipient();
  }

  /** The public key line ({@code ssh-ed25519 AAAA… comment}), as in the {@code .pub} file. */
  public String authorizedKeysLine() {
    return privateKey.publicKey().authorizedKeysLine();
  }

  @Override
  public String toString() {
    return "SshKeyPair[" + privateKey.publicKey() + " at " + privateKeyFile + "]";
  }
}
