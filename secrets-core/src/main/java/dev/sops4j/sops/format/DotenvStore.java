package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dotenv store ({@code stores/dotenv/store.go}). Reading splits the file on {@code \n}, skips
 * empty lines, turns {@code #text} into a comment ({@code text}, the rest of the line) and every
 * other line into {@code KEY=VALUE} split at the first {@code =}, with no trimming, no quote
 * handling and no {@code export}; a literal {@code \n} in a value becomes a newline. A {@code \r}
 * of CRLF files stays part of the value, as in sops. The metadata is stored flattened at the top
 * level with the prefix {@code sops_} ({@code sops_age__list_0__map_enc=…}), lines in any order.
 *
 * <p>Differences from sops: the file must be valid UTF-8, and a key that appears twice is rejected
 * (sops keeps both lines).
 */
final class DotenvStore implements Store {
  static final String PREFIX = "sops_";

  @Override
  public Format format() {
    return Format.DOTENV;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException {
    List<Mapping.Member> kept = new ArrayList<>();
    List<MetadataFlattening.FlatEntry> flat = new ArrayList<>();
    for (Line line : parse(data, source)) {
      if (line.member() instanceof Field f && f.key().startsWith(PREFIX)) {
        flat.add(new MetadataFlattening.FlatEntry(
            f.key().substring(PREFIX.length()), f.value(), line.number()));
      } else {
        kept.add(line.member());
      }
    }
    Mapping metadata = MetadataFlattening.unflatten(flat, source);
    return new EncryptedFile(Documents.of(new Mapping(kept)), metadata);
  }

  @Override
  public Documents readPlain(byte[] data, String source) throws SopsParseException {
    List<Mapping.Member> members = new ArrayList<>();
    for (Line line : parse(data, source)) {
      if (line.member() instanceof Field f && f.key().startsWith(PREFIX)) {
        throw new SopsParseException(source, line.number(), f.key(),
            "keys starting with 'sops_' are reserved for SOPS metadata (is the file encrypted already?)");
      }
      members.add(line.member());
    }
    return Documents.of(new Mapping(members));
  }

  /** One parsed line: a field or a comment, with its 1-based line number. */
  private record Line(Mapping.Member member, int number) {
  }

  private static List<Line> parse(byte[] data, String source) throws SopsParseException {
    String text = Utf8Text.decode(data, source);
    List<Line> lines = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int number = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      number++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == '#') {
        lines.add(new Line(new Comment(line.substring(1)), number));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsParseException(source, number, null,
            "invalid dotenv line: expected KEY=VALUE or #comment, found no '='");
      }
      String key = line.substring(0, eq);
      Integer previous = seen.putIfAbsent(key, number);
      if (previous != null) {
        throw new SopsParseException(source, number, key + ":",
            "duplicate key (first on line " + previous + ")");
      }
      String value = line.substring(eq + 1).replace("\\n", "\n");
      lines.add(new Line(new Field(key, new Scalar.Str(value)), number));
    }
    return lines;
  }

  /**
   * {@code KEY=VALUE} lines (newlines in string values written as {@code \n}) and {@code #comment}
   * lines, as {@code sops decrypt} prints them.
   *
   * @throws IllegalArgumentException for a nested (map or list) value, which dotenv cannot hold
   */
  @Override
  public byte[] writePlain(Documents documents) {
    StringBuilder out = new StringBuilder();
    for (Mapping.Member member : documents.first().members()) {
      if (member instanceof Comment c) {
        out.append('#').append(c.text()).append('\n');
      } else if (member instanceof Field f) {
        out.append(f.key()).append('=').append(valueText(f)).append('\n');
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String valueText(Field field) {
    Node value = field.value();
    if (value instanceof Mapping || value instanceof Sequence) {
      throw new IllegalArgumentException(
          "cannot use complex value in dotenv file; offending key " + field.key());
    }
    if (value instanceof Scalar.Str s) {
      return s.value().replace("\n", "\\n");
    }
    return GoText.valToString(value);
  }

  /**
   * The data lines followed by the metadata flattened with the prefix {@code sops_}, in the
   * metadata mapping's order.
   *
   * @throws IllegalArgumentException when a data key starts with {@code sops_}
   */
  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    List<Mapping.Member> members = new ArrayList<>(documents.first().members());
    for (Mapping.Member member : members) {
      if (member instanceof Field f && f.key().startsWith(PREFIX)) {
        throw new IllegalArgumentException("found key '" + f.key()
            + "' in the data, which starts with the prefix 'sops_' reserved for SOPS metadata");
      }
    }
    members.addAll(MetadataFlattening.flatten(metadata, PREFIX));
    return writePlain(Documents.of(new Mapping(members)));
  }
}
