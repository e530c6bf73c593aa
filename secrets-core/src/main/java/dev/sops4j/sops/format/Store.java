package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;

/**
 * Reads and writes one file format. Readers keep document order, comments and scalar types; writers
 * print what sops prints for the same tree.
 *
 * <p>Metadata travels as a {@link Mapping} in sops' nested shape ({@code age: [{recipient, enc}],
 * lastmodified, mac, …}). Formats that store it flattened (dotenv {@code sops_age__list_0__map_enc},
 * INI {@code [sops]} section) unflatten on read and flatten on write, so callers never see the
 * difference.
 */
public interface Store {

  /** The format this store handles. */
  Format format();

  /**
   * Parses a SOPS-encrypted file: the documents without the metadata, and the metadata.
   *
   * @param source the file name, used in error messages
   * @throws SopsParseException when the file is not valid in this format; a file with no {@code sops}
   *     metadata is returned with an empty metadata mapping (the caller reports it)
   */
  EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException;

  /** Parses a plaintext file to encrypt. Rejects a file that already has a {@code sops} key. */
  Documents readPlain(byte[] data, String source) throws SopsParseException;

  /** Emits decrypted documents as {@code sops decrypt} prints them. */
  byte[] writePlain(Documents documents);

  /** Emits an encrypted file: the documents (values already {@code ENC[…]}) and the metadata. */
  byte[] writeEncrypted(Documents documents, Mapping metadata);
}
