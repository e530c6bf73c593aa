package dev.sops4j.age;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of the age layer: encrypt to recipients and decrypt with identities, streaming.
 *
 * <p>Payload chunks of files with more than two chunks may be sealed and opened by the caller's thread
 * and a helper from a small shared pool at once; plaintext is still released strictly in order and only
 * once its chunk authenticates. The system property {@code sops4j.age.parallel=auto|true|false} decides
 * (see {@code ChunkPool}: {@code auto} shares the work unless the cipher is the JDK's intrinsic one on
 * JDK 21+); {@code sops4j.age.aead=auto|jdk|bc|java} picks the payload cipher.
 */
public final class Age {
  /** The armor BEGIN line age looks for. */
  static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  /** Bytes peeked to detect armor: up to 1024 bytes of leading whitespace plus the BEGIN line. */
  static final int ARMOR_PEEK = 1024 + ARMOR_BEGIN.length();
  private static final String SCRYPT_TYPE = "scrypt";
  private static final int BUFFER_SIZE = 8192;

  private Age() {}

  /**
   * Starts an age file on {@code out} encrypted to {@code recipients}; write plaintext to the returned
   * stream and close it to finish the file (closing also closes {@code out}).
   *
   * @throws AgeKeyException when there is no recipient, when recipients with different labels are
   *     mixed (post-quantum with classic), or when a passphrase (scrypt) recipient is not alone
   */
  public static OutputStream encrypt(OutputStream out, List<? extends Recipient> recipients, boolean armor)
      throws IOException {
    return encrypt(out, recipients, armor, ChunkPool.defaultInFlight());
  }

  /** Binary (not armored) {@link #encrypt(OutputStream, List, boolean)}. */
  public static OutputStream encrypt(OutputStream out, List<? extends Recipient> recipients) throws IOException {
    return encrypt(out, recipients, false);
  }

  /**
   * Reads the header of the age file on {@code in} (binary or armored, detected as age does; input
   * that starts like PEM is also read as armor, so a broken BEGIN line is an {@link AgeArmorException}),
   * unwraps the file key with the first identity that matches and verifies the header MAC. Header,
   * no-match, MAC and armor failures are thrown from here; the returned stream releases plaintext chunk
   * by chunk as each authenticates and throws {@link AgePayloadException} on a damaged payload. With no
   * identity at all the header is still parsed and checked, then no identity matches.
   */
  public static InputStream decrypt(InputStream in, List<? extends Identity> identities) throws IOException {
    return decrypt(in, identities, ChunkPool.defaultInFlight());
  }

  /** Encrypts a whole byte array (binary format). */
  public static byte[] encrypt(byte[] plaintext, List<? extends Recipient> recipients) throws IOException {
    var buf = new java.io.ByteArrayOutputStream(plaintext.length + 256);
    try (OutputStream o = encrypt(buf, recipients)) {
      o.write(plaintext);
    }
    return buf.toByteArray();
  }

  /** Decrypts a whole age file held in memory (binary or armored). */
  public static byte[] decrypt(byte[] ageFile, List<? extends Identity> identities) throws IOException {
    try (InputStream in = decrypt(new java.io.ByteArrayInputStream(ageFile), identities)) {
      return in.readAllBytes();
    }
  }

  /** {@link #encrypt(OutputStream, List, boolean)} with {@code inFlight} chunks at once (1 = sequential). */
  static OutputStream encrypt(OutputStream out, List<? extends Recipient> recipients, boolean armor, int inFlight)
      throws IOException {
    Objects.requireNonNull(out, "out");
    checkRecipients(recipients);
    byte[] fileKey = Primitives.random(Primitives.FILE_KEY_SIZE);
    try {
      List<Stanza> stanzas = new ArrayList<>();
      for (Recipient r : recipients) {
        stanzas.addAll(r.wrap(fileKey));
      }
      byte[] header = HeaderWriter.write(stanzas, fileKey);
      byte[] nonce = Primitives.random(Payload.NONCE_SIZE);
      OutputStream sink = armor ? new ArmoredOutputStream(out) : out;
      sink.write(header);
      sink.write(nonce);
      return new PayloadOutputStream(sink, Payload.key(fileKey, nonce), inFlight);
    } finally {
      Arrays.fill(fileKey, (byte) 0);
    }
  }

  /** {@link #decrypt(InputStream, List)} with {@code inFlight} chunks at once (1 = sequential). */
  static InputStream decrypt(InputStream in, List<? extends Identity> identities, int inFlight) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(identities, "identities");
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_SIZE);
    InputStream source = looksArmored(buffered)
        ? new BufferedInputStream(new ArmoredInputStream(buffered), BUFFER_SIZE)
        : buffered;
    Header header = HeaderReader.read(source);
    byte[] fileKey = unwrapFileKey(header, identities);
    try {
      if (!header.macMatches(fileKey)) {
        throw new HeaderMacException("bad header MAC: the header was modified after encryption");
      }
      byte[] nonce = source.readNBytes(Payload.NONCE_SIZE);
      if (nonce.length < Payload.NONCE_SIZE) {
        throw new AgeHeaderException("the file ends after the header: the payload nonce has "
            + nonce.length + " of " + Payload.NONCE_SIZE + " bytes");
      }
      return new PayloadInputStream(source, Payload.key(fileKey, nonce), inFlight);
    } finally {
      Arrays.fill(fileKey, (byte) 0);
    }
  }

  /**
   * Whether the input is ASCII armor, judged on its first {@link #ARMOR_PEEK} bytes without consuming
   * them. As age does, leading whitespace is skipped and the BEGIN line is looked for. Beyond age, input
   * that cannot be a binary age file but starts like PEM ({@code -----}) or carries the BEGIN line
   * further on also counts as armor, so that a broken BEGIN line or garbage before it is reported as an
   * armor failure rather than as a header failure.
   */
  static boolean looksArmored(BufferedInputStream in) throws IOException {
    in.mark(ARMOR_PEEK);
    byte[] head = in.readNBytes(ARMOR_PEEK);
    in.reset();
    int start = 0;
    while (start < head.length && isAsciiWhitespace(head[start])) {
      start++;
    }
    String text = new String(head, start, head.length - start, StandardCharsets.ISO_8859_1);
    if (text.startsWith(ARMOR_BEGIN) || text.startsWith("-----")) {
      return true;
    }
    return !text.startsWith(Header.VERSION_LINE.substring(0, "age-encryption.org/".length()))
        && text.contains(ARMOR_BEGIN);
  }

  private static boolean isAsciiWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
  }

  private static byte[] unwrapFileKey(Header header, List<? extends Identity> identities) throws AgeException {
    List<String> tried = new ArrayList<>();
    for (Identity identity : identities) {
      tried.add(identity.type());
      Optional<byte[]> fileKey = identity.unwrap(header.stanzas());
      if (fileKey.isPresent()) {
        return fileKey.get();
      }
    }
    throw new NoIdentityMatchException(header.stanzaTypes(), tried);
  }

  private static void checkRecipients(List<? extends Recipient> recipients) throws AgeKeyException {
    if (recipients.isEmpty()) {
      throw new AgeKeyException("encrypting needs at least one recipient");
    }
    Set<String> labels = recipients.get(0).labels();
    for (Recipient r : recipients) {
      if (SCRYPT_TYPE.equals(r.type()) && recipients.size() > 1) {
        throw new AgeKeyException("a passphrase (scrypt) recipient must be the only recipient, but "
            + recipients.size() + " recipients were given");
      }
      if (!r.labels().equals(labels)) {
        throw new AgeKeyException("incompatible recipients: a " + r.type() + " recipient with labels "
            + r.labels() + " cannot share a file with a " + recipients.get(0).type()
            + " recipient with labels " + labels + " (for example post-quantum and classic recipients)");
      }
    }
  }
}
