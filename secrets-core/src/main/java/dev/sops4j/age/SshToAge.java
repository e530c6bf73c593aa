package dev.sops4j.age;

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
    SshPrivateKey key;
    try {
      key = OpenSshKeyParser.parsePrivateKey(pemText, source);
    } catch (SshKeyException e) {
      throw new AgeKeyException(e.getMessage(), e);
    }
    return identity(key, source).encode();
  }

  /**
   * The {@code age1…} recipients of every ssh-ed25519 key in {@code text}, in order. Lines are
   * authorized_keys lines ({@code type key [comment]}) or known_hosts / ssh-keyscan lines
   * ({@code host type key}); blank lines and {@code #} comments are skipped. A key of another type is
   * skipped and reported to {@code notes} with its type and line number; a malformed line is an
   * error naming the source and line.
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
      String[] fields = line.split("[ \t]+", 2);
      if (!looksLikeKeyType(fields[0])) {
        if (fields.length < 2) {
          throw new AgeKeyException(where + ": expected '<type> <base64 key>' or '<host> <type> <base64 key>'");
        }
        line = fields[1];
        fields = line.split("[ \t]+", 2);
      }
      if (!fields[0].equals(SshEd25519PublicKey.TYPE)) {
        notes.accept("skipping " + printable(fields[0]) + " key on line " + (i + 1) + ": " + ONLY_ED25519);
        continue;
      }
      SshPublicKey key;
      try {
        key = OpenSshKeyParser.parsePublicKey(line, where);
      } catch (SshKeyException e) {
        throw new AgeKeyException(e.getMessage(), e);
      }
      out.add(recipient(key, where).encode());
    }
    return List.copyOf(out);
  }

  private static boolean looksLikeKeyType(String field) {
    return field.startsWith("ssh-") || field.startsWith("ecdsa-") || field.startsWith("sk-");
  }

  private static String printable(String s) {
    String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return cut.codePoints().allMatch(c -> c > 0x20 && c < 0x7f) ? cut : "(unprintable key type)";
  }
}
