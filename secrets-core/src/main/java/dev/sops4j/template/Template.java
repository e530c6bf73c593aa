package dev.sops4j.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed template: its bytes and the placeholders found in them, in both forms
 * ({@link Placeholders}). Parsing never fails; unknown secrets and malformed placeholders are collected
 * in {@link #problems()} so a caller can report every problem of every template at once.
 *
 * <p>Rendering is byte-exact: the text between placeholders is copied unchanged and each secret value
 * is inserted verbatim, so a value ending in a newline (a whole binary file, a YAML block scalar) puts
 * that newline into the output, exactly as sops-nix does (sops-nix issue 897); nothing is added at the
 * end and nothing trimmed. Unlike sops-nix, which replaces each placeholder in turn over the whole
 * text, rendering is one pass: a secret value that itself contains a placeholder is not expanded
 * again, and a placeholder of an unknown secret is an error instead of being left in the output.
 */
public final class Template {
  private static final byte[] SOPS_NIX_PREFIX = ascii(Placeholders.SOPS_NIX_PREFIX);
  private static final byte[] SOPS_NIX_SUFFIX = ascii(Placeholders.SOPS_NIX_SUFFIX);
  private static final byte[] READABLE_OPEN = ascii(Placeholders.READABLE_OPEN);
  private static final byte[] READABLE_MARKER = ascii(Placeholders.READABLE_MARKER);
  private static final byte[] READABLE_CLOSE = ascii(Placeholders.READABLE_CLOSE);
  private static final int HASH_HEX_LENGTH = 64;
  /** How far to look for the end of something that starts like a sops-nix placeholder. */
  private static final int SOPS_NIX_SCAN_LIMIT = 120;

  private final String name;
  private final byte[] text;
  private final List<Reference> references;
  private final List<String> unknown;
  private final List<String> problems;

  private Template(String name, byte[] text, List<Reference> references, List<String> unknown,
      List<String> problems) {
    this.name = name;
    this.text = text;
    this.references = Collections.unmodifiableList(references);
    this.unknown = Collections.unmodifiableList(unknown);
    this.problems = Collections.unmodifiableList(problems);
  }

  /** Parses UTF-8 {@code text} of template {@code templateName}. */
  public static Template parse(String templateName, String text, PlaceholderIndex index) {
    return parse(templateName, text.getBytes(StandardCharsets.UTF_8), index);
  }

  /** Parses the bytes of template {@code templateName} (any bytes; placeholders are ASCII plus names in UTF-8). */
  public static Template parse(String templateName, byte[] text, PlaceholderIndex index) {
    return new Scanner(text.clone(), index).scan(templateName);
  }

  /** The template's name, as used in messages. */
  public String name() {
    return name;
  }

  /** Every placeholder, in order. */
  public List<Reference> references() {
    return references;
  }

  /** The known secret names referred to, in order of first use. */
  public Set<String> secretNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Reference r : references) {
      if (r.known()) {
        names.add(r.secretName());
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /** Unknown secret names (or sops-nix placeholders matching no name), each once, in order of first use. */
  public List<String> unknownSecrets() {
    return unknown;
  }

  /** Every problem found while parsing, as sentences without the template name; empty when renderable. */
  public List<String> problems() {
    return problems;
  }

  /** Throws when {@link #problems()} is not empty. */
  public void check() throws TemplateException {
    if (!problems.isEmpty()) {
      throw new TemplateException(name, unknown, problems);
    }
  }

  /**
   * Renders the template with the values {@code values} gives.
   *
   * @throws TemplateException listing every unknown secret, every secret without a value and every
   *                           malformed placeholder (names and lines only)
   */
  public byte[] render(SecretLookup values) throws TemplateException {
    check();
    Map<String, byte[]> found = new LinkedHashMap<>();
    Map<String, List<Integer>> missing = new LinkedHashMap<>();
    for (Reference r : references) {
      if (found.containsKey(r.secretName())) {
        continue;
      }
      Optional<byte[]> value = values.value(r.secretName());
      if (value.isPresent()) {
        found.put(r.secretName(), value.get());
      } else {
        missing.computeIfAbsent(r.secretName(), k -> new ArrayList<>()).add(r.line());
      }
    }
    if (!missing.isEmpty()) {
      throw new TemplateException(name, List.copyOf(missing.keySet()),
          List.of("no value for " + withLines(missing)));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
    int at = 0;
    for (Reference r : references) {
      out.write(text, at, r.start() - at);
      byte[] value = found.get(r.secretName());
      out.write(value, 0, value.length);
      at = r.end();
    }
    out.write(text, at, text.length - at);
    return out.toByteArray();
  }

  /** Renders and decodes the result as UTF-8 (for text templates; see {@link #render}). */
  public String renderString(SecretLookup values) throws TemplateException {
    return new String(render(values), StandardCharsets.UTF_8);
  }

  private static String withLines(Map<String, List<Integer>> linesByName) {
    List<String> parts = new ArrayList<>();
    linesByName.forEach((n, lines) -> {
      Set<Integer> distinct = new LinkedHashSet<>(lines);
      StringBuilder sb = new StringBuilder("'").append(n).append("' (line");
      sb.append(distinct.size() > 1 ? "s " : " ");
      sb.append(String.join(", ", distinct.stream().map(String::valueOf).toList())).append(')');
      parts.add(sb.toString());
    });
    String noun = linesByName.size() == 1 ? "secret " : "secrets ";
    return noun + String.join(", ", parts);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One pass over the bytes, counting lines. */
  private static final class Scanner {
    private final byte[] text;
    private final PlaceholderIndex index;
    private final List<byte[]> customLiterals = new ArrayList<>();
    private final List<String> customNames = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final Map<String, List<Integer>> unknownLines = new LinkedHashMap<>();
    private final List<String> malformed = new ArrayList<>();
    private int line = 1;

    Scanner(byte[] text, PlaceholderIndex index) {
      this.text = text;
      this.index = index;
      index.customLiterals().forEach((literal, secret) -> {
        customLiterals.add(literal.getBytes(StandardCharsets.UTF_8));
        customNames.add(secret);
      });
    }

    Template scan(String name) {
      int i = 0;
      while (i < text.length) {
        int next = matchAt(i);
        if (next > i) {
          for (int k = i; k < next; k++) {
            if (text[k] == '\n') {
              line++;
            }
          }
          i = next;
          continue;
        }
        if (text[i] == '\n') {
          line++;
        }
        i++;
      }
      List<String> problems = new ArrayList<>();
      if (!unknownLines.isEmpty()) {
        problems.add("unknown " + withLines(unknownLines));
      }
      problems.addAll(malformed);
      return new Template(name, text, references, List.copyOf(unknownLines.keySet()), problems);
    }

    /** The offset after a placeholder starting at {@code i}, or {@code i} when none starts there. */
    private int matchAt(int i) {
      for (int c = 0; c < customLiterals.size(); c++) {
        byte[] literal = customLiterals.get(c);
        if (startsWith(i, literal)) {
          add(customNames.get(c), true, i, i + literal.length, Reference.Form.CUSTOM);
          return i + literal.length;
        }
      }
      if (startsWith(i, SOPS_NIX_PREFIX)) {
        return sopsNixAt(i);
      }
      if (startsWith(i, READABLE_OPEN)) {
        return readableAt(i);
      }
      return i;
    }

    private int sopsNixAt(int i) {
      int hashStart = i + SOPS_NIX_PREFIX.length;
      int hashEnd = hashStart + HASH_HEX_LENGTH;
      if (isLowerHex(hashStart, hashEnd) && startsWith(hashEnd, SOPS_NIX_SUFFIX)) {
        int end = hashEnd + SOPS_NIX_SUFFIX.length;
        String hash = new String(text, hashStart, HASH_HEX_LENGTH, StandardCharsets.US_ASCII);
        String secret = index.nameForHash(hash).orElse(null);
        add(secret, secret != null, i, end, Reference.Form.SOPS_NIX);
        return end;
      }
      int limit = Math.min(text.length, i + SOPS_NIX_SCAN_LIMIT);
      for (int j = hashStart; j < limit && text[j] != '\n'; j++) {
        if (startsWith(j, SOPS_NIX_SUFFIX)) {
          malformed.add("malformed sops-nix placeholder at line " + line
              + ": expected 64 lowercase hex digits between '" + Placeholders.SOPS_NIX_PREFIX
              + "' and '" + Placeholders.SOPS_NIX_SUFFIX + "'");
          return j + SOPS_NIX_SUFFIX.length;
        }
      }
      return i;
    }

    private int readableAt(int i) {
      int j = skipBlanks(i + READABLE_OPEN.length);
      if (!startsWith(j, READABLE_MARKER)) {
        return i;
      }
      j = skipBlanks(j + READABLE_MARKER.length);
      int nameStart = j;
      while (j < text.length && Placeholders.isNameChar(text[j] & 0xff)) {
        j++;
      }
      int nameEnd = j;
      j = skipBlanks(j);
      if (nameEnd == nameStart || !startsWith(j, READABLE_CLOSE)) {
        malformed.add("malformed placeholder at line " + line
            + ": expected '{{ sops:NAME }}' with a name without blanks or braces");
        return nameStart;
      }
      String secret = new String(text, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
      int end = j + READABLE_CLOSE.length;
      add(secret, index.knows(secret), i, end, Reference.Form.READABLE);
      return end;
    }

    private void add(String secret, boolean known, int start, int end, Reference.Form form) {
      String placeholder = new String(text, start, end - start, StandardCharsets.UTF_8);
      Reference reference = new Reference(secret, known, placeholder, form, line, start, end);
      references.add(reference);
      if (!known) {
        unknownLines.computeIfAbsent(reference.label(), k -> new ArrayList<>()).add(line);
      }
    }

    private int skipBlanks(int j) {
      while (j < text.length && (text[j] == ' ' || text[j] == '\t')) {
        j++;
      }
      return j;
    }

    private boolean isLowerHex(int from, int to) {
      if (to > text.length) {
        return false;
      }
      for (int k = from; k < to; k++) {
        byte b = text[k];
        if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
          return false;
        }
      }
      return true;
    }

    private boolean startsWith(int at, byte[] prefix) {
      if (at < 0 || at + prefix.length > text.length) {
        return false;
      }
      for (int k = 0; k < prefix.length; k++) {
        if (text[at + k] != prefix[k]) {
          return false;
        }
      }
      return true;
    }
  }
}
