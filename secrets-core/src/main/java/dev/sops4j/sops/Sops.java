package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

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
    try (Reencryption.Opened opened = Reencryption.read(data, source, options.format(), keys, !options.ignoreMac())) {
      return new SopsFile(source, options.format(), opened.plain(), opened.metadata(), opened.warnings());
    }
  }

  /**
   * What {@link #updateKeys} would change: the master keys kept, added and removed per group and the
   * threshold, compared as sops compares them. Reads only the metadata; needs no key.
   *
   * @param newKeys the key groups the file should have; its {@code shamirThreshold}, when not 0,
   *     replaces the file's (sops' {@code --shamir-secret-sharing-threshold}); its rules are not used
   * @throws SopsParseException when the file is not valid in its format
   * @throws SopsMetadataException when the sops metadata is missing or invalid
   */
  public static UpdateKeysChanges updateKeysPlan(byte[] file, String source, Format format,
      EncryptOptions newKeys) throws SopsException {
    return UpdateKeys.plan(file, source, format, newKeys);
  }

  /**
   * sops' {@code updatekeys}: opens the data key with {@code keys} and wraps the same key for the key
   * groups of {@code newKeys} (new Shamir shares when there are several groups). Every value, the MAC
   * and {@code lastmodified} stay exactly as they were; the encryption rule and {@code
   * mac_only_encrypted} are the file's. When nothing changes the input is returned as it is.
   *
   * @throws SopsDataKeyException when no master key opens the data key or a new one cannot be wrapped
   */
  public static UpdateKeysResult updateKeys(byte[] file, String source, Format format, KeyRing keys,
      EncryptOptions newKeys) throws SopsException {
    return UpdateKeys.apply(file, source, format, keys, newKeys);
  }

  /**
   * sops' {@code rotate}: a new data key for the same master keys, every value encrypted again with
   * fresh IVs, a new MAC and {@code lastmodified}. The MAC of the input is verified first.
   *
   * @param pgpCertificates the public keys of the file's PGP master keys (may be empty when it has none)
   * @throws SopsDataKeyException when the data key cannot be opened, or the file has a master key
   *     sops4j cannot encrypt to (KMS, Vault, a PGP key not in {@code pgpCertificates})
   */
  public static byte[] rotate(byte[] file, String source, Format format, KeyRing keys,
      PgpPublicKeys pgpCertificates) throws SopsException {
    return rotate(file, source, format, keys, RotateOptions.defaults().withPgpCertificates(pgpCertificates));
  }

  /**
   * sops' {@code rotate} with master keys added to the first group and removed from every group
   * ({@code --add-age}, {@code --rm-pgp} …) before the new data key is wrapped.
   *
   * @throws SopsDataKeyException as {@link #rotate(byte[], String, Format, KeyRing, PgpPublicKeys)}, or
   *     when a removal would leave a key group empty
   */
  public static byte[] rotate(byte[] file, String source, Format format, KeyRing keys, RotateOptions options)
      throws SopsException {
    return RotateDataKey.rotate(file, source, format, keys, options, Clock.systemUTC());
  }

  /** {@link #rotate(byte[], String, Format, KeyRing, PgpPublicKeys)} for files without PGP master keys. */
  public static byte[] rotate(byte[] file, String source, Format format, KeyRing keys) throws SopsException {
    return rotate(file, source, format, keys, RotateOptions.defaults());
  }

  /**
   * sops' {@code set}: sets {@code value} at {@code path} of the first document (missing map keys are
   * added, an index past the end of a list appends) and encrypts the file again with the same data key;
   * every other value keeps its exact ciphertext, so the file changes in the value's line, the MAC and
   * {@code lastmodified}.
   *
   * @throws SopsPathException when the path is empty, names the {@code sops} key, or indexes a value of
   *     the wrong kind
   * @throws SopsValueException when the format cannot hold the new value (a map in dotenv)
   */
  public static byte[] set(byte[] file, String source, Format format, KeyRing keys, SopsPath path, Node value)
      throws SopsException {
    return SetValue.set(file, source, format, keys, path, value, false, Clock.systemUTC()).orElseThrow();
  }

  /**
   * {@link #set(byte[], String, Format, KeyRing, SopsPath, Node)} that leaves the file alone when it
   * already holds exactly {@code value} (same type) at {@code path}, as {@code sops set --idempotent}.
   *
   * @return the new file, or empty when nothing would change
   */
  public static Optional<byte[]> setIfChanged(byte[] file, String source, Format format, KeyRing keys,
      SopsPath path, Node value) throws SopsException {
    return SetValue.set(file, source, format, keys, path, value, true, Clock.systemUTC());
  }

  /**
   * Parses a value in sops' {@code set} syntax (JSON: {@code "text"}, {@code 42}, {@code {"k": "v"}}).
   * A bare number becomes a float, as in sops; numbers inside objects and arrays keep their type.
   *
   * @param source names the value in error messages (the value itself is never printed)
   * @throws SopsParseException when the text is not one JSON value
   */
  public static Node parseSetValue(String json, String source) throws SopsParseException {
    return SetValue.parseJson(json, source);
  }

  /**
   * Encrypts an edited plaintext tree of an opened file again with the file's data key and value
   * cipher (unchanged values keep their ciphertext), with a new MAC and {@code lastmodified}: the
   * building block for tools that edit decrypted trees.
   */
  static byte[] reencrypt(Reencryption.Opened opened, Documents edited, Format format, String source)
      throws SopsException {
    return Reencryption.write(edited, format, opened.metadata(), opened.cipher(), Clock.systemUTC(), source);
  }
}
