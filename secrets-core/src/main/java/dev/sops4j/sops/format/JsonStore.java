package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import java.nio.charset.StandardCharsets;

/**
 * The JSON store ({@code stores/json/store.go}): one top-level object, key order kept, metadata as
 * the nested object {@code "sops"}. Numbers are typed as sops 3.13 types them (see {@link
 * JsonReader}); output is Go's {@code json.Marshal} values laid out by {@code json.Indent} with a tab
 * and a trailing newline (sops before 3.6 wrote no trailing newline, so such files are not
 * reproduced byte for byte). Comments are not kept in JSON.
 */
final class JsonStore implements Store {
  static final String METADATA_KEY = "sops";

  @Override
  public Format format() {
    return Format.JSON;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException {
    JsonReader.Parsed parsed = JsonReader.parse(data, source);
    Mapping root = parsed.root();
    Node metadata = root.get(METADATA_KEY).orElse(null);
    if (metadata == null) {
      return new EncryptedFile(Documents.of(root), Mapping.of());
    }
    if (!(metadata instanceof Mapping mapping)) {
      throw new SopsParseException(source, parsed.topLevelLines().get(METADATA_KEY), METADATA_KEY + ":",
          "the sops metadata is not an object");
    }
    return new EncryptedFile(Documents.of(root.without(METADATA_KEY)), mapping);
  }

  @Override
  public Documents readPlain(byte[] data, String source) throws SopsParseException {
    JsonReader.Parsed parsed = JsonReader.parse(data, source);
    Integer line = parsed.topLevelLines().get(METADATA_KEY);
    if (line != null) {
      throw new SopsParseException(source, line, METADATA_KEY + ":",
          "the file already has a top-level 'sops' key: it is encrypted already, or uses the key sops reserves for its metadata");
    }
    return Documents.of(parsed.root());
  }

  /** Prints the first document as {@code sops decrypt} does. */
  @Override
  public byte[] writePlain(Documents documents) {
    return JsonWriter.write(documents.first()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Prints the first document with the metadata appended as {@code "sops"}, in the key order the
   * metadata mapping has.
   *
   * @throws IllegalArgumentException when the document itself has a {@code sops} key
   */
  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    Mapping document = documents.first();
    if (document.get(METADATA_KEY).isPresent()) {
      throw new IllegalArgumentException(
          "the data has a top-level key 'sops', which sops reserves for its metadata");
    }
    return JsonWriter.write(document.with(METADATA_KEY, metadata)).getBytes(StandardCharsets.UTF_8);
  }
}
