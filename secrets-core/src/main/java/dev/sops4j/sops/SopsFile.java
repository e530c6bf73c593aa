package dev.sops4j.sops;

import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A decrypted SOPS file: its documents as an ordered, typed tree, its metadata, and ways to read
 * values (by path, as a Map, as Properties) or print it as {@code sops decrypt} does. Values are
 * secrets: {@link #toString()} prints only the source and shape.
 */
public final class SopsFile {
  private final String source;
  private final Format format;
  private final Documents documents;
  private final Metadata metadata;
  private final List<String> warnings;

  SopsFile(String source, Format format, Documents documents, Metadata metadata, List<String> warnings) {
    this.source = source;
    this.format = format;
    this.documents = documents;
    this.metadata = metadata;
    this.warnings = List.copyOf(warnings);
  }

  public String source() {
    return source;
  }

  public Format format() {
    return format;
  }

  /** The decrypted documents (one, except multi-document YAML). */
  public Documents documents() {
    return documents;
  }

  /** The first document. */
  public Mapping tree() {
    return documents.first();
  }

  public Metadata metadata() {
    return metadata;
  }

  /** Key paths of comments that did not decrypt and were kept as they are (sops warns about them). */
  public List<String> warnings() {
    return warnings;
  }

  /** The node at {@code path} in the first document. */
  public Optional<Node> find(SopsPath path) {
    return path.find(documents.first());
  }

  /**
   * The node at {@code path}.
   *
   * @throws SopsPathException naming the file, the path and the keys present where the path ends
   */
  public Node get(SopsPath path) throws SopsPathException {
    Optional<Node> found = find(path);
    if (found.isPresent()) {
      return found.get();
    }
    throw new SopsPathException(source + ": no value at " + path + missingDetail(path));
  }

  /** The scalar at a sops-nix style key ({@code a/b}) as text; see {@link #text(SopsPath)}. */
  public String text(String slashKey) throws SopsPathException {
    return text(SopsPath.parseSlashes(slashKey));
  }

  /**
   * The scalar at {@code path} as text: strings as they are, numbers, booleans and times as sops prints
   * them.
   *
   * @throws SopsPathException when nothing is there or it is a mapping or list
   */
  public String text(SopsPath path) throws SopsPathException {
    Node node = get(path);
    if (node instanceof Scalar scalar) {
      return ScalarText.of(scalar);
    }
    throw new SopsPathException(source + ": the value at " + path + " is a "
        + (node instanceof Mapping ? "mapping" : node instanceof Sequence ? "list" : "comment")
        + ", not a single value");
  }

  /** The file as {@code sops decrypt} prints it, in its own format. */
  public byte[] emit() {
    return emit(format);
  }

  /**
   * The file as {@code sops decrypt --output-type} prints it: any format can be printed as JSON or YAML;
   * dotenv and INI need a flat tree; binary needs the {@code data} key.
   */
  public byte[] emit(Format output) {
    return output.store().writePlain(documents);
  }

  /**
   * What {@code sops decrypt --extract PATH} prints: a string value's bytes (no newline added), other
   * single values as text, a mapping in the {@code output} format.
   */
  public byte[] extract(SopsPath path, Format output) throws SopsPathException {
    Node node = get(path);
    if (node instanceof Scalar.Str s) {
      return s.value().getBytes(StandardCharsets.UTF_8);
    }
    if (node instanceof Scalar.Bytes b) {
      return b.value();
    }
    if (node instanceof Scalar scalar) {
      return ScalarText.of(scalar).getBytes(StandardCharsets.UTF_8);
    }
    if (node instanceof Mapping m) {
      return output.store().writePlain(Documents.of(m));
    }
    throw new SopsPathException(source + ": the value at " + path
        + " is a list; extract one of its items ([" + "0" + "] and so on)");
  }

  /**
   * The first document as nested {@link java.util.LinkedHashMap}s (key order kept), {@link List}s and
   * Java values (String, Long, Double, Boolean, OffsetDateTime, byte[], null); comments left out.
   */
  public Map<String, Object> toMap() {
    return TreeViews.toMap(documents.first());
  }

  /**
   * The first document flattened to properties: nested keys joined with {@code .}, list items as
   * {@code key[0]}, values as {@link #text(SopsPath)} gives them; nulls and comments left out.
   */
  public Properties toProperties() {
    return TreeViews.toProperties(documents.first());
  }

  private String missingDetail(SopsPath path) {
    List<Object> steps = path.steps();
    for (int i = steps.size() - 1; i >= 0; i--) {
      Optional<Node> parent = new SopsPath(steps.subList(0, i)).find(documents.first());
      if (parent.isPresent()) {
        List<String> keys = SopsPath.keysOf(parent.get());
        String at = i == 0 ? "the top level" : new SopsPath(steps.subList(0, i)).toString();
        return keys.isEmpty() ? "" : " (keys at " + at + ": " + String.join(", ", keys) + ")";
      }
    }
    return "";
  }

  @Override
  public String toString() {
    return "SopsFile[" + source + ", " + format.id() + ", " + documents.documents().size() + " document(s)]";
  }
}
