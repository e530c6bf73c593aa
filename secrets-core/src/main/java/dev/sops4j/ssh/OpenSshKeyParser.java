package dev.sops4j.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Parses OpenSSH keys: public keys in authorized_keys form ({@code [options] type base64 [comment]}) and
 * private key files ({@code openssh-key-v1}, PKCS#1 {@code RSA PRIVATE KEY}, PKCS#8 {@code PRIVATE KEY},
 * each also passphrase-protected). Supported types: {@code ssh-ed25519} and {@code ssh-rsa}. Errors name the
 * source and the problem, never key bytes.
 */
public final class OpenSshKeyParser {
  private OpenSshKeyParser() {}

  /**
   * One authorized_keys line: optional options ({@code command="…",no-pty …}, quoted strings may hold
   * blanks and {@code \"}), key type, base64 wire encoding, optional comment (the rest of the line). The
   * type written on the line must equal the type inside the wire encoding. The options are not kept.
   *
   * @param source names the line's origin in error messages (file name, "recipient", …)
   */
  public static SshPublicKey parsePublicKey(String line, String source) throws SshKeyException {
    String keyPart = line.strip();
    if (!keyPart.isEmpty() && !AuthorizedKeysLine.isKeyType(AuthorizedKeysLine.firstWord(keyPart))) {
      keyPart = AuthorizedKeysLine.afterFirstField(keyPart, source);
      if (!AuthorizedKeysLine.isKeyType(AuthorizedKeysLine.firstWord(keyPart))) {
        throw new SshKeyException(source + ": expected an authorized_keys line '[options] <type> <base64 key> "
            + "[comment]' (no key type found)");
      }
    }
    String[] parts = keyPart.split("[ \t]+", 3);
    if (parts.length < 2) {
      throw new SshKeyException(source + ": expected an authorized_keys line '<type> <base64 key> [comment]'");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new SshKeyException(source + ": the key field of the authorized_keys line is not valid base64");
    }
    String comment = parts.length == 3 ? parts[2].strip() : "";
    SshPublicKey key = PublicKeyBlobs.decode(blob, comment, source);
    if (!key.type().equals(parts[0])) {
      throw new SshKeyException(source + ": the line says key type '" + PublicKeyBlobs.printable(parts[0])
          + "' but the key data is of type '" + key.type() + "'");
    }
    return key;
  }

  /** The first key line (not blank, not {@code #}) of a {@code .pub} or authorized_keys file. */
  public static SshPublicKey readPublicKey(Path file) throws IOException {
    String source = file.toString();
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\r?\n")) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        return parsePublicKey(s, source);
      }
    }
    throw new SshKeyException(source + ": no public key line found");
  }

  /**
   * A private key file's text. Passphrase-protected keys are refused with
   * {@link SshPassphraseException} ("&lt;source&gt;: passphrase-protected OpenSSH key and no passphrase
   * given"); see {@link #parsePrivateKey(String, String, Supplier)}.
   *
   * @param source names the key's origin in error messages (usually the file name)
   */
  public static SshPrivateKey parsePrivateKey(String pemText, String source) throws SshKeyException {
    return parsePrivateKey(pemText, source, null);
  }

  /**
   * A private key file's text, decrypting passphrase-protected keys: {@code openssh-key-v1} (KDF bcrypt;
   * AES-CTR, AES-CBC, AES-GCM, chacha20-poly1305), legacy encrypted PEM ({@code Proc-Type: 4,ENCRYPTED},
   * AES-CBC or DES-EDE3-CBC) and PKCS#8 {@code ENCRYPTED PRIVATE KEY} (PBES2). {@code passphrase} is called
   * only when the key is encrypted; the returned array is wiped after use. No passphrase (a null supplier,
   * or one returning null) and a wrong passphrase are {@link SshPassphraseException}s; a wrong one reads
   * "wrong passphrase for &lt;source&gt;".
   *
   * @param source names the key's origin in error messages (usually the file name)
   * @param passphrase supplies the passphrase, or null to refuse encrypted keys
   */
  public static SshPrivateKey parsePrivateKey(String pemText, String source, Supplier<char[]> passphrase)
      throws SshKeyException {
    PemBlock pem = PemBlock.parse(pemText, source);
    switch (pem.label()) {
      case OpenSshKeyV1.PEM_LABEL:
        return OpenSshKeyV1.decode(pem.der(), source, passphrase);
      case PemPrivateKeys.PKCS1_LABEL:
        if (EncryptedPemKeys.isLegacyEncrypted(pem)) {
          return EncryptedPemKeys.legacyRsa(pem, source, passphrase);
        }
        return PemPrivateKeys.pkcs1(pem.der(), source);
      case PemPrivateKeys.PKCS8_LABEL:
        return PemPrivateKeys.pkcs8(pem.der(), source);
      case EncryptedPemKeys.PKCS8_LABEL:
        return EncryptedPemKeys.pkcs8(pem.der(), source, passphrase);
      default:
        throw new SshKeyException(source + ": unsupported private key format '" + PublicKeyBlobs.printable(pem.label())
            + "' (supported: OPENSSH PRIVATE KEY, RSA PRIVATE KEY, PRIVATE KEY, ENCRYPTED PRIVATE KEY)");
    }
  }

  /** Reads and parses a private key file, refusing encrypted keys; the file name is the source in messages. */
  public static SshPrivateKey readPrivateKey(Path file) throws IOException {
    return readPrivateKey(file, null);
  }

  /** Reads and parses a private key file, asking {@code passphrase} when it is encrypted (see above). */
  public static SshPrivateKey readPrivateKey(Path file, Supplier<char[]> passphrase) throws IOException {
    return parsePrivateKey(Files.readString(file, StandardCharsets.UTF_8), file.toString(), passphrase);
  }
}
