package dev.sops4j.age;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parsing of key strings, identity files and recipients files, dispatching on the prefix as the age
 * CLI does ({@code age1pq1…}, {@code age1…}, {@code ssh-…}, {@code AGE-SECRET-KEY-PQ-1…},
 * {@code AGE-SECRET-KEY-1…}, OpenSSH private keys). Error messages name the file and the line
 * number, never the line's content.
 */
public final class AgeKeys {
  static final int FILE_SIZE_LIMIT = 16 << 20;
  static final int SSH_KEY_SIZE_LIMIT = 16 << 10;
  static final int RECIPIENT_LINE_LIMIT = 8 << 10;
  private static final String ENCRYPTED_BINARY_PREFIX = "age-encryption";
  private static final String ENCRYPTED_ARMOR_PREFIX = "-----BEGIN AGE";
  private static final String PEM_PREFIX = "-----BEGIN";

  private AgeKeys() {}

  /** One recipient string: {@code age1…}, {@code age1pq1…}, or an authorized_keys {@code ssh-ed25519}/{@code ssh-rsa} line. */
  public static Recipient parseRecipient(String text) throws AgeKeyException {
    if (text.startsWith("age1tag1") || text.startsWith("age1tagpq1")) {
      throw new AgeKeyException("hardware tag recipients (age1tag1…) are not supported");
    }
    if (text.startsWith("age1pq1")) {
      return MlKem768X25519Recipient.parse(text);
    }
    if (text.startsWith("age1") && text.indexOf('1', 4) >= 0) {
      throw new AgeKeyException("plugin recipients are not supported");
    }
    if (text.startsWith("age1")) {
      return X25519Recipient.parse(text);
    }
    if (text.startsWith("ssh-")) {
      return SshKeys.parseRecipient(text);
    }
    if (text.startsWith("AGE-")) {
      throw new AgeKeyException("apparent identity found in recipients file");
    }
    if (text.startsWith("github:")) {
      throw new AgeKeyException("\"github:\" recipients are not supported");
    }
    throw new AgeKeyException("unknown recipient type");
  }

  /**
   * A recipients file's text: one recipient per line, empty lines and {@code #} comments ignored, a
   * trailing CR stripped. Well-formed SSH public keys of types age cannot encrypt to (for example
   * ECDSA) are skipped, as the age CLI does. At least one recipient is required.
   */
  public static List<Recipient> parseRecipients(String text, String sourceName) throws AgeKeyException {
    List<Recipient> recipients = new ArrayList<>();
    List<String> lines = lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNumber = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.length() > RECIPIENT_LINE_LIMIT) {
        throw new AgeKeyException(sourceName + ": line " + lineNumber + " is too long");
      }
      try {
        recipients.add(parseRecipient(line));
      } catch (AgeKeyException | RuntimeException e) {
        if (isOtherSshPublicKey(line)) {
          continue;
        }
        if (line.startsWith("AGE-")) {
          throw new AgeKeyException(sourceName + ": error at line " + lineNumber
              + ": apparent identity found in recipients file");
        }
        // The cause's message is left out of ours: it could echo part of a confidential file.
        throw new AgeKeyException(sourceName + ": malformed recipient at line " + lineNumber, e);
      }
    }
    if (recipients.isEmpty()) {
      throw new AgeKeyException(sourceName + ": no recipients found");
    }
    return List.copyOf(recipients);
  }

  /** Reads a recipients file ({@code -R}). */
  public static List<Recipient> readRecipientsFile(Path file) throws IOException {
    String name = file.toString();
    return parseRecipients(utf8(readLimited(file, FILE_SIZE_LIMIT), name, "recipients file"), name);
  }

  /** One identity string: {@code AGE-SECRET-KEY-1…} or {@code AGE-SECRET-KEY-PQ-1…}. */
  public static Identity parseIdentity(String text) throws AgeKeyException {
    if (text.startsWith("AGE-PLUGIN-")) {
      throw new AgeKeyException("plugin identities are not supported");
    }
    if (text.startsWith("AGE-SECRET-KEY-1")) {
      return X25519Identity.parse(text);
    }
    if (text.startsWith("AGE-SECRET-KEY-PQ-1")) {
      return MlKem768X25519Identity.parse(text);
    }
    if (text.startsWith("age1")) {
      throw new AgeKeyException("apparent recipient found in identities file");
    }
    throw new AgeKeyException("unknown identity type");
  }

  /**
   * An identity file's text: one identity per line, empty lines and {@code #} comments ignored, a
   * trailing CR stripped. At least one identity is required.
   */
  public static List<Identity> parseIdentities(String text, String sourceName) throws AgeKeyException {
    List<Identity> identities = new ArrayList<>();
    List<String> lines = lines(text);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        identities.add(parseIdentity(line));
      } catch (AgeKeyException e) {
        // Our own parse messages never contain key material.
        throw new AgeKeyException(sourceName + ": error at line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (identities.isEmpty()) {
      throw new AgeKeyException(sourceName + ": no identities found");
    }
    return List.copyOf(identities);
  }

  /**
   * Reads an identity file ({@code -i}): an age identity file, an OpenSSH private key (a
   * passphrase-protected one asks {@code passphrase}), or a passphrase-encrypted age file holding an
   * identity file (then {@code passphrase} is asked once).
   */
  public static List<Identity> readIdentityFile(Path file, Supplier<char[]> passphrase) throws IOException {
    String name = file.toString();
    byte[] content = readLimited(file, FILE_SIZE_LIMIT);
    String start = new String(content, 0, Math.min(content.length, ENCRYPTED_ARMOR_PREFIX.length()),
        StandardCharsets.ISO_8859_1);
    if (start.equals(ENCRYPTED_BINARY_PREFIX) || start.equals(ENCRYPTED_ARMOR_PREFIX)) {
      return decryptIdentityFile(content, name, passphrase);
    }
    if (start.startsWith(PEM_PREFIX)) {
      if (content.length > SSH_KEY_SIZE_LIMIT) {
        throw new AgeKeyException(name + ": SSH private key file is too long");
      }
      return List.of(SshKeys.parseIdentity(utf8(content, name, "SSH private key file"), name, passphrase));
    }
    return parseIdentities(utf8(content, name, "identity file"), name);
  }

  /** The recipient string of a native identity (X25519 or post-quantum), as {@code age-keygen -y} prints it. */
  public static String recipientOf(Identity identity) throws AgeKeyException {
    if (identity instanceof X25519Identity x) {
      return x.recipient().encode();
    }
    if (identity instanceof MlKem768X25519Identity pq) {
      return pq.recipient().encode();
    }
    throw new AgeKeyException("cannot derive a recipient from an identity of type " + identity.type());
  }

  /**
   * A new identity as {@code age-keygen} makes it: the identity file text and the public key.
   * {@link #toString()} shows the public key only.
   */
  public record GeneratedIdentity(String fileText, String publicKey) {
    @Override
    public String toString() {
      return "GeneratedIdentity[" + publicKey + "]";
    }
  }

  /** Generates an X25519 identity, or ({@code postQuantum}) an ML-KEM-768 + X25519 one, as age-keygen does. */
  public static GeneratedIdentity generate(boolean postQuantum, Instant created) {
    String secretKey;
    String publicKey;
    if (postQuantum) {
      MlKem768X25519Identity identity = MlKem768X25519Identity.generate();
      secretKey = identity.encode();
      publicKey = identity.recipient().encode();
    } else {
      X25519Identity identity = X25519Identity.generate();
      secretKey = identity.encode();
      publicKey = identity.recipient().encode();
    }
    return new GeneratedIdentity(identityFileText(secretKey, publicKey, created), publicKey);
  }

  /** The text of an identity file as age-keygen writes it: created and public key comments, then the key. */
  public static String identityFileText(String secretKey, String publicKey, Instant created) {
    String when = DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(ChronoUnit.SECONDS));
    return "# created: " + when + "\n# public key: " + publicKey + "\n" + secretKey + "\n";
  }

  private static List<Identity> decryptIdentityFile(byte[] content, String name, Supplier<char[]> passphrase)
      throws IOException {
    char[] chars = passphrase == null ? null : passphrase.get();
    if (chars == null) {
      throw new AgeKeyException(name + ": a passphrase is required for the encrypted identity file");
    }
    byte[] secret = utf8Bytes(chars);
    Arrays.fill(chars, '\0');
    byte[] plaintext;
    try {
      plaintext = Age.decrypt(content, List.of(new ScryptIdentity(secret)));
    } catch (NoIdentityMatchException e) {
      throw new AgeKeyException(name + ": incorrect passphrase for the encrypted identity file", e);
    } catch (AgeException e) {
      throw new AgeKeyException(name + ": cannot decrypt the encrypted identity file: " + e.getMessage(), e);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    try {
      if (plaintext.length > FILE_SIZE_LIMIT) {
        throw new AgeKeyException(name + ": the encrypted identity file is too long");
      }
      return parseIdentities(utf8(plaintext, name, "encrypted identity file"), name);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static byte[] utf8Bytes(char[] chars) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] out = new byte[encoded.remaining()];
    encoded.get(out);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return out;
  }

  /** Lines split on LF, one trailing CR removed from each; a final empty piece after the last LF is dropped. */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      if (end < 0) {
        end = text.length();
      }
      String line = text.substring(start, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      out.add(line);
      start = next;
    }
    return out;
  }

  private static byte[] readLimited(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(limit + 1);
      if (content.length > limit) {
        throw new AgeKeyException(file + ": file is larger than " + (limit >> 20) + " MiB");
      }
      return content;
    }
  }

  private static String utf8(byte[] content, String name, String what) throws AgeKeyException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AgeKeyException(name + ": " + what + " is not valid UTF-8");
    }
  }

  /** A well-formed authorized_keys line whose key type is not one age supports: skipped, as age does. */
  private static boolean isOtherSshPublicKey(String line) {
    String[] fields = line.split(" ");
    if (fields.length < 2) {
      return false;
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(fields[1]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (blob.length < 4) {
      return false;
    }
    long typeLength = ((blob[0] & 0xffL) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
    if (typeLength > blob.length - 4) {
      return false;
    }
    String type = new String(blob, 4, (int) typeLength, StandardCharsets.ISO_8859_1);
    return type.equals(fields[0]) && !type.equals("ssh-ed25519") && !type.equals("ssh-rsa");
  }
}
