package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.crypto.MacCheck;
import dev.sops4j.sops.crypto.TreeCipher;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.tree.Documents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * Entry point of the SOPS layer: decrypt a SOPS file with the keys of a {@link KeyRing}, or encrypt
 * plaintext for master keys.
 *
 * <pre>{@code
 * KeyRing keys = KeyRingLoader.fromSystem().load();
 * SopsFile secrets = Sops.decrypt(Path.of("secrets.yaml"), keys);
 * String password = secrets.text("db/password");
 * }</pre>
 */
public final class Sops {
  private Sops() {
  }

  /**
   * Encrypts plaintext documents for the master keys of {@code options}, as {@code sops encrypt} does,
   * and returns the file in {@code format}.
   *
   * @throws SopsDataKeyException when the data key cannot be encrypted to a master key
   * @throws SopsValueException when a value cannot be written
   */
  public static byte[] encrypt(Documents plain, Format format, EncryptOptions options) throws SopsException {
    return SopsEncryption.encrypt(plain, format, options, Clock.systemUTC());
  }

  /**
   * Parses a plaintext file and encrypts it ({@link #encrypt(Documents, Format, EncryptOptions)}).
   *
   * @throws SopsParseException when the plaintext is not valid in its format or already has sops metadata
   */
  public static byte[] encrypt(byte[] plaintext, String source, Format format, EncryptOptions options)
      throws SopsException {
    return encrypt(format.store().readPlain(plaintext, source), format, options);
  }

  /** Decrypts a file, its format picked from its name, with the MAC verified. */
  public static SopsFile decrypt(Path file, KeyRing keys) throws IOException {
    return decrypt(file, keys, DecryptOptions.defaults());
  }

  /** Decrypts a file with the given options. */
  public static SopsFile decrypt(Path file, KeyRing keys, DecryptOptions options) throws IOException {
    Format format = options.format() != null ? options.format() : Format.fromPath(file);
    return decrypt(Files.readAllBytes(file), file.toString(), keys, options.withFormat(format));
  }

  /**
   * Decrypts the bytes of a SOPS file.
   *
   * @param source names the input in error messages
   * @param options {@code options.format()} must be set (there is no file name to pick it from)
   * @throws SopsParseException when the file is not valid in its format
   * @throws SopsMetadataException when the sops metadata is missing or invalid
   * @throws SopsDataKeyException when no master key opens the data key
   * @throws SopsValueException when a value does not decrypt
   * @throws SopsMacException when the MAC is missing or differs (unless ignored)
   */
  public static SopsFile decrypt(byte[] data, String source, KeyRing keys, DecryptOptions options)
      throws SopsException {
    if (options.format() == null) {
      throw new IllegalArgumentException("the format must be given when decrypting bytes");
    }
    EncryptedFile file = options.format().store().readEncrypted(data, source);
    Metadata metadata = MetadataReader.read(file.metadata(), source);
    byte[] dataKey = DataKeyRecovery.open(metadata, keys, source);
    try {
      ValueCipher cipher = new ValueCipher(dataKey);
      TreeCipher.Decrypted plain;
      try {
        plain = new TreeCipher(metadata.encryptionRule(), metadata.macOnlyEncrypted())
            .decrypt(file.documents(), cipher);
      } catch (SopsValueException e) {
        throw e.inFile(source);
      }
      if (!options.ignoreMac()) {
        MacCheck.verify(metadata.mac(), metadata.lastModified().time(), plain.mac(), cipher, source);
      }
      return new SopsFile(source, options.format(), plain.documents(), metadata, plain.warnings());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }
}
