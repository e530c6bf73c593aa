package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * The YAML store: reads SOPS YAML files (every {@code ---} document, comments, go-yaml v3 typing) and
 * prints them as sops 3.12 does (go-yaml v3 encoder, indentation 4 unless configured 2-9). Metadata
 * lives under the top-level key {@code sops}: read from the first document and removed from all,
 * appended to every document on write.
 */
public final class YamlStore implements Store {
  /** The top-level key that holds the metadata. */
  public static final String METADATA_KEY = "sops";
  /** sops' default indentation. */
  public static final int DEFAULT_INDENT = 4;

  private final int indent;

  /** A store that writes with sops' default indentation of 4. */
  public YamlStore() {
    this(DEFAULT_INDENT);
  }

  /**
   * A store that writes with the given indentation, as sops' {@code stores.yaml.indent} setting.
   *
   * @param indent 2 to 9 (go-yaml uses 2 for anything else)
   */
  public YamlStore(int indent) {
    if (indent < 0) {
      throw new IllegalArgumentException("YAML indentation must not be negative");
    }
    this.indent = indent == 0 ? DEFAULT_INDENT : indent;
  }

  @Override
  public Format format() {
    return Format.YAML;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException {
    List<Mapping> documents = YamlTreeReader.read(data, source);
    Mapping metadata = new Mapping(List.of());
    List<Mapping> stripped = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Mapping doc = documents.get(i);
      if (i == 0) {
        Node value = doc.get(METADATA_KEY).orElse(null);
        if (value != null) {
          if (!(value instanceof Mapping m)) {
            throw new SopsParseException(source, 0, METADATA_KEY + ":", "Found sops entry that is not a mapping");
          }
          metadata = m;
        }
      }
      stripped.add(doc.without(METADATA_KEY));
    }
    return new EncryptedFile(new Documents(stripped), metadata);
  }

  @Override
  public Documents readPlain(byte[] data, String source) throws SopsParseException {
    List<Mapping> documents = YamlTreeReader.read(data, source);
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i).get(METADATA_KEY).isPresent()) {
        throw new SopsParseException(source, 0, METADATA_KEY + ":",
            "the file is already encrypted: document " + (i + 1) + " has the top-level key 'sops', "
                + "which is reserved for SOPS metadata");
      }
    }
    return new Documents(documents);
  }

  @Override
  public byte[] writePlain(Documents documents) {
    return YamlEmitter.emit(documents.documents(), indent);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when a document already has a top-level {@code sops} key
   */
  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    List<Mapping> withMetadata = new ArrayList<>();
    for (Mapping doc : documents.documents()) {
      if (doc.get(METADATA_KEY).isPresent()) {
        throw new IllegalArgumentException(
            "Found key \"sops\" in encrypted data, which is a reserved key used for SOPS metadata");
      }
      List<Mapping.Member> members = new ArrayList<>(doc.members());
      members.add(new Field(METADATA_KEY, metadata));
      withMetadata.add(new Mapping(members));
    }
    return YamlEmitter.emit(withMetadata, indent);
  }
}
