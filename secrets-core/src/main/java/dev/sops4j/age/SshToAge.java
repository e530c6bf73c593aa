package dev.sops4j.age;

import dev.sops4j.ssh.AuthorizedKeysLine;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import dev.sops4j.ssh.SshEd25519PublicKey;
import dev.sops4j.ssh.SshKeyException;
import dev.sops4j.ssh.SshPrivateKey;
import dev.sops4j.ssh.SshPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ssh-to-age conversion (as Mic92's {@code ssh-to-age} does it): an ssh-ed25519 public key
 * becomes an X25519 {@code age1…} recipient (Edwards to Montgomery), an ssh-ed25519 private key an
 * {@code AGE-SECRET-KEY-1…} identity (the first 32 bytes of SHA-512 of the seed, not clamped).
 * Only ed25519 keys convert. The raw conversions live in {@code dev.sops4j.ssh}; this class adds the
 * age encodings.
 */
public final class SshToAge {
  /** The reason given for every key that is not ed25519. */
  public static final String ONLY_ED25519 = "only ed25519 keys convert";

  private SshToAge() {}

  /** The X25519 recipient of an ssh-ed25519 public key; other types are refused. */
  public static X25519Recipient recipient(SshPublicKey key, String source) throws AgeKeyException {
    if (key instanceof SshEd25519PublicKey ed) {
      return X25519Recipient.fromPublicKey(ed.montgomeryPublicKey());
    }
    throw new AgeKeyException(source + ": " + key.type() + " key: " + ONLY_ED25519);
  }

  /** The X25519 identity of an ssh-ed25519 private key; other types are refused. */
  public static X25519Identity identity(SshPrivateKey key, String source) throws AgeKeyException {
    if (key instanceof SshEd25519PrivateKey ed) {
      byte[] scalar = ed.x25519Scalar();
      try {
        return X25519Identity.fromScalar(scalar);
      } finally {
        Arrays.fill(scalar, (byte) 0);
      }
    }
    throw new AgeKeyException(source + ": " + key.type() + " key: " + ONLY_ED25519);
  }

  /**
   * An OpenSSH private key file's text as the {@code AGE-SECRET-KEY-1…} string. Secret.
   *
   * @param source names the key in error messages (usually the file name)
   */
  public static String identityString(String pemText, String source) throws AgeKeyException {
    return identityString(pemText, source, null);
  }

  /**
   * An OpenSSH private key file's text as the {@code AGE-SECRET-KEY-1…} string, asking {@code passphrase}
   * when the key is passphrase-protected (see {@link OpenSshKeyParser#parsePrivateKey(String, String,
   * Supplier)}). Secret.
   *
   * @param source names the key in error messages (usually the file name)
   * @param passphrase supplies the passphrase (wiped after use), or null to refuse encrypted keys
   */
  public static String identityString(String pemText, String source, Supplier<char[]> passphrase)
      throws AgeKeyException {
    SshPrivateKey key;
    try {
      key = OpenSshKeyParser.parsePrivateKey(pemText, source, passphrase);
    } catch (SshKeyException e) {
      throw new AgeKeyException(e.getMessage(), e);
    }
    return identity(key, source).encode();
  }

  /**
   * The {@code age1…} recipients of every ssh-ed25519 key in {@code text}, in order. Lines are
   * authorized_keys lines ({@code [options] type key [comment]}, options such as
   * {@code command="echo \"x\"",no-pty}) or known_hosts / ssh-keyscan lines ({@code host type key});
   * blank lines and {@code #} comments are skipped. A key of another type is skipped and reported to
   * {@code notes} with its type and line number; a malformed line is an error naming the source and line.
   */
  public static List<String> recipientStrings(String text, String source, Consumer<String> notes)
      throws AgeKeyException {
    List<String> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String keyPart = line;
      if (!AuthorizedKeysLine.isKeyType(AuthorizedKeysLine.firstWord(line))) {
        keyPart = afterHostsOrOptions(line, where);
      }
      String type = AuthorizedKeysLine.firstWord(keyPart);
      if (!type.equals(SshEd25519PublicKey.TYPE)) {
        notes.accept("skipping " + printable(type) + " key on line " + (i + 1) + ": " + ONLY_ED25519);
        continue;
      }
      SshPublicKey key;
      try {
        key = OpenSshKeyParser.parsePublicKey(keyPart, where);
      } catch (SshKeyException e) {
        throw new AgeKeyException(e.getMessage(), e);
      }
      out.add(recipient(key, where).encode());
    }
    return List.copyOf(out);
  }

  /** The key part of a known_hosts line (after the host names) or an authorized_keys line with options. */
  private static String afterHostsOrOptions(String line, String where) throws AgeKeyException {
    String rest;
    try {
      rest = AuthorizedKeysLine.afterFirstField(line, where);
    } catch (SshKeyException e) {
      throw new AgeKeyException(e.getMessage(), e);
    }
    if (rest.isEmpty()) {
      throw new AgeKeyException(where + ": expected '<type> <base64 key>', '<host> <type> <base64 key>' or "
          + "'<options> <type> <base64 key>'");
    }
    return rest;
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return cut.codePoints().allMatch(c -> c > 0x20 && c < 0x7f) ? cut : "(unprintable key type)";
  }
}
