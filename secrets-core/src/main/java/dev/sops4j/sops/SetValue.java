package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * sops' {@code set}: one value replaced or added by path in the first document, the file encrypted
 * again with the same data key, every unchanged value keeping its exact ciphertext, a new MAC and
 * {@code lastmodified}. Path semantics are sops': missing map keys are appended (with the maps and
 * lists the rest of the path needs), a list index past the end appends, a scalar in the way is
 * replaced. List indices count values, not comment lines (as {@code --extract} does in sops4j); an
 * index into a mapping or a key into a list is an error (sops ignores or crashes on them).
 */
final class SetValue {
  private SetValue() {
  }

  /**
   * The file with the value set, or empty when {@code onlyIfChanged} and the file already holds exactly
   * this value at the path (sops' {@code --idempotent}).
   */
  static Optional<byte[]> set(byte[] data, String source, Format format, KeyRing keys, SopsPath path,
      Node value, boolean onlyIfChanged, Clock clock) throws SopsException {
    if (path.isRoot()) {
      throw new SopsPathException(source + ": set needs a path to a value, not the whole document");
    }
    if (path.steps().get(0).equals("sops")) {
      throw new SopsPathException(source + ": the top-level key 'sops' holds the metadata and cannot be set");
    }
    try (Reencryption.Opened opened = Reencryption.open(data, source, format, keys)) {
      List<Mapping> documents = new ArrayList<>(opened.plain().documents());
      documents.set(0, (Mapping) put(documents.get(0), path, 0, value, source));
      Documents edited = new Documents(documents);
      if (onlyIfChanged && edited.equals(opened.plain())) {
        return Optional.empty();
      }
      return Optional.of(Reencryption.write(edited, format, opened.metadata(), opened.cipher(), clock, source));
    }
  }

  /** {@code branch} with {@code value} set at the steps of {@code path} from {@code i} on. */
  static Node put(Node branch, SopsPath path, int i, Node value, String source) throws SopsPathException {
    List<Object> steps = path.steps();
    Object step = steps.get(i);
    boolean last = i == steps.size() - 1;
    if (branch instanceof Mapping mapping) {
      if (!(step instanceof String key)) {
        throw wrongKind(source, path, i, "a mapping", "list index [" + step + "]");
      }
      List<Mapping.Member> members = new ArrayList<>(mapping.members());
      for (int m = 0; m < members.size(); m++) {
        if (members.get(m) instanceof Field f && f.key().equals(key)) {
          members.set(m, new Field(key, last ? value : put(f.value(), path, i + 1, value, source)));
          return new Mapping(members);
        }
      }
      members.add(new Field(key, fresh(steps, i + 1, value)));
      return new Mapping(members);
    }
    if (branch instanceof Sequence sequence) {
      if (!(step instanceof Integer index)) {
        throw wrongKind(source, path, i, "a list", "key \"" + step + "\"");
      }
      List<Node> items = new ArrayList<>(sequence.items());
      int seen = 0;
      for (int n = 0; n < items.size(); n++) {
        if (items.get(n) instanceof Comment) {
          continue;
        }
        if (seen++ == index) {
          items.set(n, last ? value : put(items.get(n), path, i + 1, value, source));
          return new Sequence(items);
        }
      }
      items.add(fresh(steps, i + 1, value));
      return new Sequence(items);
    }
    return fresh(steps, i, value);
  }

  /** The value wrapped in the maps and lists the steps from {@code i} on need. */
  private static Node fresh(List<Object> steps, int i, Node value) {
    if (i == steps.size()) {
      return value;
    }
    Node inner = fresh(steps, i + 1, value);
    return steps.get(i) instanceof String key ? Mapping.of(new Field(key, inner)) : Sequence.of(inner);
  }

  private static SopsPathException wrongKind(String source, SopsPath path, int i, String kind, String step) {
    String at = i == 0 ? "the top level" : new SopsPath(path.steps().subList(0, i)).toString();
    return new SopsPathException(source + ": cannot set " + path + ": the value at " + at + " is " + kind
        + ", which has no " + step);
  }

  /**
   * A value in sops' {@code set} syntax, JSON text, as a tree node: objects (key order kept) and arrays
   * through the JSON reader (integers as {@code int}), a bare number as a {@code float} (as Go's JSON
   * decoder gives sops), strings, booleans and null as they are.
   *
   * @throws SopsParseException naming {@code source} when the text is not one JSON value
   */
  static Node parseJson(String json, String source) throws SopsParseException {
    String wrapped = "{\"value\": " + json + "\n}";
    Mapping holder;
    try {
      holder = Format.JSON.store().readPlain(wrapped.getBytes(StandardCharsets.UTF_8), source).first();
    } catch (SopsParseException e) {
      throw new SopsParseException(source, 0, null, "the value is not valid JSON (give a JSON value such as "
          + "'\"text\"', 42, true or {\"key\": \"value\"})", e);
    }
    if (holder.fields().size() != 1 || !holder.fields().get(0).key().equals("value")) {
      throw new SopsParseException(source, 0, null, "the value is not a single JSON value");
    }
    Node value = holder.fields().get(0).value();
    return value instanceof Scalar.Int i ? new Scalar.Float(i.value()) : value;
  }
}
