package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small streaming JSON parser producing the sops tree: key order kept, line numbers in errors.
 *
 * <p>Differences from sops (which walks {@code encoding/json} tokens): duplicate keys are rejected
 * here (sops keeps both items and would encrypt and print both), and content after the top-level
 * object is rejected (sops 3.13 ignores it). Invalid UTF-8 inside strings becomes U+FFFD, as in Go.
 *
 * <p>Numbers follow sops 3.13: an integral literal (no fraction, no exponent) that fits in int64 is
 * an {@link Scalar.Int}, any other number a {@link Scalar.Float}. sops 3.12 read every number as
 * float64, so an integer {@code 42} was encrypted as {@code type:float}; the MAC still agrees
 * between the two versions because Go prints float64 42 with {@code FormatFloat('f', -1)} as
 * {@code 42}, the same bytes as {@code Itoa(42)} (only integers beyond 2^53 differ, which 3.12
 * could not represent exactly anyway).
 */
final class JsonReader {
  /** The parsed top-level object and the line of each top-level key. */
  record Parsed(Mapping root, Map<String, Integer> topLevelLines) {
  }

  private final String text;
  private final String source;
  private final Deque<String> path = new ArrayDeque<>();
  private final Map<String, Integer> topLevelLines = new LinkedHashMap<>();
  private int pos;
  private int line = 1;

  private JsonReader(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses a JSON file whose top level must be an object. */
  static Parsed parse(byte[] data, String source) throws SopsParseException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(data)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new SopsParseException(source, 0, null, "not decodable as UTF-8", e);
    }
    JsonReader reader = new JsonReader(text, source);
    reader.skipSpace();
    if (reader.pos >= text.length()) {
      throw reader.error("empty file: SOPS only supports JSON files with a top-level object (starting with '{')");
    }
    if (text.charAt(reader.pos) != '{') {
      throw reader.error("SOPS only supports JSON files with a top-level object (starting with '{'),"
          + " not arrays or other types; wrap the content in an object, e.g. {\"data\": [...]}");
    }
    Mapping root = reader.object(true);
    reader.skipSpace();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected content after the top-level object");
    }
    return new Parsed(root, reader.topLevelLines);
  }

  private SopsParseException error(String problem) {
    return new SopsParseException(source, line, path.isEmpty() ? null : keyPath(), problem);
  }

  private String keyPath() {
    List<String> keys = new ArrayList<>(path);
    java.util.Collections.reverse(keys);
    return String.join(":", keys) + ":";
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek(String expected) throws SopsParseException {
    skipSpace();
    if (pos >= text.length()) {
      throw error("unexpected end of file, expected " + expected);
    }
    return text.charAt(pos);
  }

  private Mapping object(boolean top) throws SopsParseException {
    pos++; // '{'
    List<Field> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (peek("a key or '}'") == '}') {
      pos++;
      return new Mapping(List.copyOf(fields));
    }
    while (true) {
      if (peek("a key") != '"') {
        throw error("expected a string key, found " + describe(text.charAt(pos)));
      }
      int keyLine = line;
      String key = string();
      if (!seen.add(key)) {
        path.push(key);
        SopsParseException e = new SopsParseException(source, keyLine, keyPath(), "duplicate key");
        path.pop();
        throw e;
      }
      if (top) {
        topLevelLines.put(key, keyLine);
      }
      if (peek("':'") != ':') {
        throw error("expected ':' after a key, found " + describe(text.charAt(pos)));
      }
      pos++;
      path.push(key);
      fields.add(new Field(key, value()));
      path.pop();
      char next = peek("',' or '}'");
      pos++;
      if (next == '}') {
        return new Mapping(List.copyOf(fields));
      }
      if (next != ',') {
        pos--;
        throw error("expected ',' or '}' after an object member, found " + describe(next));
      }
    }
  }

  private Sequence array() throws SopsParseException {
    pos++; // '['
    List<Node> items = new ArrayList<>();
    if (peek("a value or ']'") == ']') {
      pos++;
      return new Sequence(items);
    }
    while (true) {
      items.add(value());
      char next = peek("',' or ']'");
      pos++;
      if (next == ']') {
        return new Sequence(items);
      }
      if (next != ',') {
        pos--;
        throw error("expected ',' or ']' after an array element, found " + describe(next));
      }
    }
  }

  private Node value() throws SopsParseException {
    char c = peek("a value");
    switch (c) {
      case '{':
        return object(false);
      case '[':
        return array();
      case '"':
        return new Scalar.Str(string());
      case 't':
        literal("true");
        return new Scalar.Bool(true);
      case 'f':
        literal("false");
        return new Scalar.Bool(false);
      case 'n':
        literal("null");
        return Scalar.Null.INSTANCE;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("expected a value, found " + describe(c));
    }
  }

  private void literal(String word) throws SopsParseException {
    if (!text.startsWith(word, pos)) {
      throw error("invalid literal (expected " + word + ")");
    }
    pos += word.length();
  }

  private Node number() throws SopsParseException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '0') {
      pos++;
    } else if (!digits()) {
      throw error("invalid number");
    }
    boolean integral = true;
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      integral = false;
      if (!digits()) {
        throw error("invalid number: digits expected after '.'");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      integral = false;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (!digits()) {
        throw error("invalid number: digits expected in the exponent");
      }
    }
    String literal = text.substring(start, pos);
    if (integral) {
      try {
        return new Scalar.Int(Long.parseLong(literal));
      } catch (NumberFormatException tooLarge) {
        // beyond int64: float64, as sops 3.13 does
      }
    }
    double d = Double.parseDouble(literal);
    if (Double.isInfinite(d)) {
      throw error("number out of the float64 range");
    }
    return new Scalar.Float(d);
  }

  private boolean digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos > start;
  }

  /**
   * Reads a string literal: runs without escapes are copied whole (a literal without any escape is
   * one substring); only escapes are handled one by one.
   */
  private String string() throws SopsParseException {
    pos++; // opening quote
    int runStart = pos;
    pos = plainRunEnd(pos);
    if (pos < text.length() && text.charAt(pos) == '"') {
      return text.substring(runStart, pos++);
    }
    StringBuilder sb = new StringBuilder(pos - runStart + 16);
    while (true) {
      sb.append(text, runStart, pos);
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        throw error("control character in a string (must be escaped)");
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> appendUnicodeEscape(sb);
        default -> throw error("invalid escape sequence in a string");
      }
      runStart = pos;
      pos = plainRunEnd(pos);
    }
  }

  /** The end of the run of characters from {@code from} that a string holds as they are. */
  private int plainRunEnd(int from) {
    int end = from;
    while (end < text.length()) {
      char c = text.charAt(end);
      if (c == '"' || c == '\\' || c < 0x20) {
        return end;
      }
      end++;
    }
    return end;
  }

  private void appendUnicodeEscape(StringBuilder sb) throws SopsParseException {
    char first = hex4();
    if (Character.isHighSurrogate(first) && text.startsWith("\\u", pos)) {
      int save = pos;
      pos += 2;
      char second = hex4();
      if (Character.isLowSurrogate(second)) {
        sb.append(first).append(second);
        return;
      }
      pos = save;
    }
    sb.append(Character.isSurrogate(first) ? '\uFFFD' : first);
  }

  private char hex4() throws SopsParseException {
    if (pos + 4 > text.length()) {
      throw error("invalid \\u escape in a string");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(pos + i), 16);
      if (d < 0) {
        throw error("invalid \\u escape in a string");
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  /** Names a structural character; letters and digits (possibly part of a value) are not echoed. */
  private static String describe(char c) {
    if (c >= 0x21 && c < 0x7f && !Character.isLetterOrDigit(c)) {
      return "'" + c + "'";
    }
    return Character.isLetterOrDigit(c) ? "a letter or digit" : "an unexpected character";
  }
}
