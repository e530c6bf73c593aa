package dev.sops4j.age;

import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import dev.sops4j.ssh.SshEd25519PublicKey;
import dev.sops4j.ssh.SshKeyException;
import dev.sops4j.ssh.SshPrivateKey;
import dev.sops4j.ssh.SshPublicKey;
import dev.sops4j.ssh.SshRsaPrivateKey;
import dev.sops4j.ssh.SshRsaPublicKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/** Bridge from OpenSSH keys (package {@code dev.sops4j.ssh}) to age's native ssh stanzas. */
public final class SshKeys {
  private SshKeys() {}

  /** An authorized_keys line ({@code ssh-ed25519 AAAA… comment} or {@code ssh-rsa …}) as a recipient. */
  public static Recipient parseRecipient(String authorizedKeysLine) throws AgeKeyException {
    SshPublicKey key;
    try {
      key = OpenSshKeyParser.parsePublicKey(authorizedKeysLine, "ssh recipient");
    } catch (SshKeyException e) {
      throw new AgeKeyException(e.getMessage(), e);
    }
    return recipient(key);
  }

  /** The age recipient for an ssh public key; RSA keys under 2048 bits are refused. */
  public static Recipient recipient(SshPublicKey key) throws AgeKeyException {
    if (key instanceof SshEd25519PublicKey ed) {
      return new SshEd25519Recipient(ed);
    }
    return new SshRsaRecipient((SshRsaPublicKey) key);
  }

  /**
   * An OpenSSH private key file's text (PEM label {@code OPENSSH PRIVATE KEY}, ed25519 or RSA,
   * also PKCS#1 RSA) as an identity. {@code sourceName} is used in error messages.
   */
  public static Identity parseIdentity(String pemText, String sourceName) throws AgeKeyException {
    return parseIdentity(pemText, sourceName, null);
  }

  /**
   * As {@link #parseIdentity(String, String)}, asking {@code passphrase} when the key is
   * passphrase-protected (OpenSSH, legacy PEM or PKCS#8 encryption); null refuses encrypted keys.
   */
  public static Identity parseIdentity(String pemText, String sourceName, Supplier<char[]> passphrase)
      throws AgeKeyException {
    SshPrivateKey key;
    try {
      key = OpenSshKeyParser.parsePrivateKey(pemText, sourceName, passphrase);
    } catch (SshKeyException e) {
      throw new AgeKeyException(e.getMessage(), e);
    }
    return identity(key);
  }

  /** The age identity for an ssh private key. */
  public static Identity identity(SshPrivateKey key) {
    if (key instanceof SshEd25519PrivateKey ed) {
      return new SshEd25519Identity(ed);
    }
    return new SshRsaIdentity((SshRsaPrivateKey) key);
  }

  /** A stanza with our key's tag that does not decrypt: it names this key, so the header was damaged. */
  static AgeHeaderException damagedStanza(SshPublicKey key) {
    return new AgeHeaderException(key.type() + " stanza for key " + key.fingerprint()
        + " failed to decrypt (damaged header)");
  }

  /** The file key an ssh stanza decrypted to, refused (header failure) unless it has the file key size. */
  static Optional<byte[]> checkedFileKey(String stanzaType, byte[] fileKey) throws AgeHeaderException {
    if (fileKey.length != Primitives.FILE_KEY_SIZE) {
      throw new AgeHeaderException(stanzaType + " stanza holds a file key of " + fileKey.length + " bytes, want 16");
    }
    return Optional.of(fileKey);
  }

  /** The stanza tag of an ssh key: unpadded base64 of the first 4 bytes of SHA-256(wire encoding). */
  static String tag(byte[] sshWireKey) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(sshWireKey);
      return StrictBase64.encode(Arrays.copyOf(h, 4));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
