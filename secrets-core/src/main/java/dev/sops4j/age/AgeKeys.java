package dev.sops4j.age;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Parsing of key strings, identity files and recipients files, dispatching on the prefix as the age
 * CLI does ({@code age1pq1…}, {@code age1…}, {@code ssh-…}, {@code AGE-SECRET-KEY-PQ-1…},
 * {@code AGE-SECRET-KEY-1…}, OpenSSH private keys).
 *
 * <p>STUB: owned by the keys work. Signatures are fixed; bodies pending.
 */
public final class AgeKeys {
  private AgeKeys() {}

  /** One recipient string: {@code age1…}, {@code age1pq1…}, or an authorized_keys {@code ssh-ed25519}/{@code ssh-rsa} line. */
  public static Recipient parseRecipient(String text) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /** A recipients file's text: one recipient per line, blank lines and {@code #} comments ignored. */
  public static List<Recipient> parseRecipients(String text, String sourceName) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /** Reads a recipients file ({@code -R}). */
  public static List<Recipient> readRecipientsFile(Path file) throws java.io.IOException {
    throw new UnsupportedOperationException("pending");
  }

  /** One identity string: {@code AGE-SECRET-KEY-1…} or {@code AGE-SECRET-KEY-PQ-1…}. */
  public static Identity parseIdentity(String text) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /** An identity file's text: one identity per line, blank lines and {@code #} comments ignored. */
  public static List<Identity> parseIdentities(String text, String sourceName) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * Reads an identity file ({@code -i}): an age identity file, an OpenSSH private key, or a
   * passphrase-encrypted age file holding an identity file (then {@code passphrase} is asked once).
   */
  public static List<Identity> readIdentityFile(Path file, Supplier<char[]> passphrase) throws java.io.IOException {
    throw new UnsupportedOperationException("pending");
  }

  /** The recipient string of a native identity (X25519 or post-quantum), as {@code age-keygen -y} prints it. */
  public static String recipientOf(Identity identity) throws AgeKeyException {
    throw new UnsupportedOperationException("pending");
  }

  /** The text of an identity file as age-keygen writes it: created and public key comments, then the key. */
  public static String identityFileText(String secretKey, String publicKey, Instant created) {
    throw new UnsupportedOperationException("pending");
  }
}
