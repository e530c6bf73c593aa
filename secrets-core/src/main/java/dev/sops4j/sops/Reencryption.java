package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.crypto.MacCheck;
import dev.sops4j.sops.crypto.TreeCipher;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.LastModified;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.metadata.MetadataWriter;
import dev.sops4j.sops.tree.Documents;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The building blocks of every command that rewrites an encrypted file (set, rotate, and later the
 * install engine and testkit): open a file to its plaintext with the data key and a value cipher
 * whose IV stash knows every value, and write an edited plaintext tree back encrypted, with a new MAC
 * and {@code lastmodified}. Re-encrypting with the same cipher keeps the ciphertext of every unchanged
 * value, so an edit to one secret is a one-line diff.
 */
final class Reencryption {
  private Reencryption() {
  }

  /**
   * A decrypted file ready to be edited and written back. {@link #close()} wipes the data key.
   *
   * @param plain    the decrypted documents
   * @param metadata the file's metadata as read
   * @param dataKey  the data key (wiped by {@link #close()})
   * @param cipher   a cipher for the data key whose stash holds the IV of every decrypted value (an
   *     empty {@link dev.sops4j.sops.crypto.IvStash#none()} after {@link Reencryption#read})
   */
  record Opened(Documents plain, Metadata metadata, byte[] dataKey, ValueCipher cipher, List<String> warnings)
      implements AutoCloseable {
    @Override
    public void close() {
      Arrays.fill(dataKey, (byte) 0);
    }

    @Override
    public String toString() {
      return "Opened[" + plain + ", " + metadata + "]";
    }
  }

  /**
   * Opens a file: metadata, data key, every value decrypted and the MAC verified.
   *
   * @throws SopsParseException when the file is not valid in its format
   * @throws SopsMetadataException when the metadata is missing or invalid
   * @throws SopsDataKeyException when no master key of the ring opens the data key
   * @throws SopsValueException when a value does not decrypt
   * @throws SopsMacException when the MAC is missing or does not match
   */
  static Opened open(byte[] data, String source, Format format, KeyRing keys) throws SopsException {
    return open(data, source, format, keys, true, true);
  }

  /**
   * Opens a file only to read it (decrypt): as {@link #open(byte[], String, Format, KeyRing)}, with the
   * MAC check optional (decrypt --ignore-mac) and no IV stash, so its cipher cannot keep the
   * ciphertext of unchanged values: do not write the result back with it.
   */
  static Opened read(byte[] data, String source, Format format, KeyRing keys, boolean verifyMac)
      throws SopsException {
    return open(data, source, format, keys, verifyMac, false);
  }

  private static Opened open(byte[] data, String source, Format format, KeyRing keys, boolean verifyMac,
      boolean keepIvs) throws SopsException {
    EncryptedFile file = format.store().readEncrypted(data, source);
    Metadata metadata = MetadataReader.read(file.metadata(), source);
    byte[] dataKey = DataKeyRecovery.open(metadata, keys, source);
    try {
      ValueCipher cipher = keepIvs ? new ValueCipher(dataKey) : ValueCipher.decryptOnly(dataKey);
      TreeCipher.Decrypted plain;
      try {
        plain = new TreeCipher(metadata.encryptionRule(), metadata.macOnlyEncrypted())
            .decrypt(file.documents(), cipher);
      } catch (SopsValueException e) {
        throw e.inFile(source);
      }
      if (verifyMac) {
        MacCheck.verify(metadata.mac(), metadata.lastModified().time(), plain.mac(), cipher, source);
      }
      return new Opened(plain.documents(), metadata, dataKey, cipher, plain.warnings());
    } catch (SopsException | RuntimeException e) {
      Arrays.fill(dataKey, (byte) 0);
      throw e;
    }
  }

  /**
   * Encrypts plaintext documents with {@code cipher} under the rules of {@code metadata}, computes the
   * MAC with a new {@code lastmodified} (now, whole seconds, UTC) and writes the file with {@code
   * metadata}'s key groups and threshold and the layout version sops4j writes.
   *
   * @param source names the file in error messages
   * @throws SopsValueException naming the file and key path of a value that cannot be written, or
   *     when the edited tree cannot be held by the format (a nested value in dotenv)
   */
  static byte[] write(Documents plain, Format format, Metadata metadata, ValueCipher cipher, Clock clock,
      String source) throws SopsException {
    TreeCipher.Encrypted encrypted;
    try {
      encrypted = new TreeCipher(metadata.encryptionRule(), metadata.macOnlyEncrypted())
          .encrypt(plain, cipher);
    } catch (SopsValueException e) {
      throw e.inFile(source);
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.SECONDS);
    LastModified lastModified = LastModified.of(now);
    String mac = MacCheck.encryptMac(encrypted.mac(), lastModified.time(), cipher);
    Metadata written = new Metadata(metadata.keyGroups(), metadata.shamirThreshold(), lastModified, mac,
        metadata.encryptionRule(), metadata.macOnlyEncrypted(), SopsEncryption.versionFor(metadata));
    try {
      return format.store().writeEncrypted(encrypted.documents(), MetadataWriter.write(written));
    } catch (IllegalArgumentException e) {
      throw new SopsValueException(":", "cannot write the file as " + format.id() + ": " + e.getMessage())
          .inFile(source);
    }
  }

  /** Writes metadata with other key groups and threshold around documents that stay as they are. */
  static byte[] writeKeepingValues(Documents encrypted, Format format, Metadata metadata) {
    return format.store().writeEncrypted(encrypted, MetadataWriter.write(metadata));
  }
}
