package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses INI text the way gopkg.in/ini.v1 does with the options sops uses (non-unique sections
 * allowed, everything else default): a {@code DEFAULT} section first, {@code key = value} or
 * {@code key: value}, {@code ;}/{@code #} comment lines gathered and attached to the next section or
 * key (comments after the last key are dropped), inline comments after values, quoted keys
 * ({@code "k"}, {@code `k`}, {@code """k"""}), values in {@code `…`} or multi-line
 * {@code """…"""}, surrounding quotes stripped, {@code \} continuation lines, {@code -} auto-numbered
 * keys. A key repeated within a section keeps its first position and takes the last value.
 */
final class IniReader {
  /** One key: name, raw value, the comment lines gathered before it (trimmed), first line. */
  static final class Key {
    final String name;
    String value;
    String comment;
    final int line;

    Key(String name, String value, String comment, int line) {
      this.name = name;
      this.value = value;
      this.comment = comment;
      this.line = line;
    }
  }

  /** One section: name, comment (trimmed), keys in order, header line (0 for the implicit DEFAULT). */
  static final class Section {
    final String name;
    final String comment;
    final int line;
    final Map<String, Key> keys = new LinkedHashMap<>();

    Section(String name, String comment, int line) {
      this.name = name;
      this.comment = comment;
      this.line = line;
    }
  }

  static final String DEFAULT_SECTION = "DEFAULT";

  private final String text;
  private final String source;
  private int pos;
  private int nextLine = 1;
  private int lineNumber;
  private final StringBuilder comment = new StringBuilder();

  private IniReader(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses INI bytes (UTF-8, a leading byte order mark ignored) into sections. */
  static List<Section> parse(byte[] data, String source) throws SopsParseException {
    String text = Utf8Text.decode(data, source);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new IniReader(text, source).sections();
  }

  /** The next raw line including its {@code \n}, or {@code null} at the end. */
  private String readLine() {
    if (pos >= text.length()) {
      return null;
    }
    int end = text.indexOf('\n', pos);
    end = end < 0 ? text.length() : end + 1;
    String line = text.substring(pos, end);
    pos = end;
    lineNumber = nextLine++;
    return line;
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private SopsParseException error(int line, String keyPath, String problem) {
    return new SopsParseException(source, line, keyPath, problem);
  }

  private List<Section> sections() throws SopsParseException {
    List<Section> sections = new ArrayList<>();
    Section section = new Section(DEFAULT_SECTION, "", 0);
    sections.add(section);
    int autoCount = 1;
    String raw;
    while ((raw = readLine()) != null) {
      String line = GoText.trimLeftSpace(raw);
      if (line.isEmpty()) {
        continue;
      }
      char first = line.charAt(0);
      if (first == '#' || first == ';') {
        comment.append(line);
        continue;
      }
      if (first == '[') {
        int close = line.lastIndexOf(']');
        if (close < 0) {
          throw error(lineNumber, null, "unclosed section header (no ']')");
        }
        String name = line.substring(1, close);
        if (name.isEmpty()) {
          throw error(lineNumber, null, "empty section name");
        }
        appendInlineComment(line.substring(close + 1));
        section = new Section(name, GoText.trimSpace(comment.toString()), lineNumber);
        comment.setLength(0);
        autoCount = 1;
        sections.add(section);
        continue;
      }
      int keyLine = lineNumber;
      String[] nameAndRest = keyName(line, section.name);
      String name = nameAndRest[0];
      if (name.equals("-")) {
        name = "#" + autoCount++;
      }
      String value = value(nameAndRest[1], keyLine, section.name + ":" + name + ":");
      if (name.isEmpty()) {
        throw error(keyLine, section.name + ":", "empty key name");
      }
      String keyComment = GoText.trimSpace(comment.toString());
      comment.setLength(0);
      Key existing = section.keys.get(name);
      if (existing != null) {
        existing.value = value;
        existing.comment = keyComment;
      } else {
        section.keys.put(name, new Key(name, value, keyComment, keyLine));
      }
    }
    return sections;
  }

  private void appendInlineComment(String rest) {
    int i = indexOfAny(rest, "#;");
    if (i >= 0) {
      comment.append(rest.substring(i));
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The key name and the text after the delimiter. */
  private String[] keyName(String line, String sectionName) throws SopsParseException {
    String quote = null;
    if (line.charAt(0) == '"') {
      quote = line.length() > 6 && line.startsWith("\"\"\"") ? "\"\"\"" : "\"";
    } else if (line.charAt(0) == '`') {
      quote = "`";
    }
    if (quote != null) {
      int start = quote.length();
      int close = line.indexOf(quote, start);
      if (close < 0) {
        throw error(lineNumber, sectionName + ":", "missing closing quote of a key name");
      }
      int delimiter = indexOfAny(line.substring(close + start), "=:");
      if (delimiter < 0) {
        throw error(lineNumber, sectionName + ":", "key-value delimiter ('=' or ':') not found");
      }
      return new String[] {
          GoText.trimSpace(line.substring(start, close)), line.substring(close + delimiter + start + 1)};
    }
    int delimiter = indexOfAny(line, "=:");
    if (delimiter < 0) {
      throw error(lineNumber, sectionName + ":", "key-value delimiter ('=' or ':') not found");
    }
    if (delimiter == 0) {
      throw error(lineNumber, sectionName + ":", "empty key name");
    }
    return new String[] {GoText.trimSpace(line.substring(0, delimiter)), line.substring(delimiter + 1)};
  }

  private String value(String in, int keyLine, String keyPath) throws SopsParseException {
    String line = GoText.trimLeftSpace(in);
    if (line.isEmpty()) {
      return "";
    }
    String quote = null;
    if (line.length() > 3 && line.startsWith("\"\"\"")) {
      quote = "\"\"\"";
    } else if (line.charAt(0) == '`') {
      quote = "`";
    }
    if (quote != null) {
      int start = quote.length();
      int close = line.substring(start).lastIndexOf(quote);
      if (close < 0) {
        return multiLine(line.substring(start), quote, keyLine, keyPath);
      }
      return line.substring(start, close + start);
    }
    line = GoText.trimSpace(line);
    if (line.charAt(line.length() - 1) == '\\') {
      return continuation(line.substring(0, line.length() - 1));
    }
    int inline = indexOfAny(line, "#;");
    if (inline >= 0) {
      comment.append(line.substring(inline));
      line = GoText.trimSpace(line.substring(0, inline));
    }
    if (surroundedBy(line, '\'') || surroundedBy(line, '"')) {
      line = line.substring(1, line.length() - 1);
    }
    return line;
  }

  private static boolean surroundedBy(String s, char quote) {
    return s.length() >= 2 && s.charAt(0) == quote && s.charAt(s.length() - 1) == quote
        && s.indexOf(quote, 1) == s.length() - 1;
  }

  private String multiLine(String value, String quote, int keyLine, String keyPath)
      throws SopsParseException {
    StringBuilder sb = new StringBuilder(value);
    while (true) {
      String next = atEnd() ? "" : readLine();
      int close = next.lastIndexOf(quote);
      if (close >= 0) {
        sb.append(next, 0, close);
        int c = indexOfAny(next.substring(close), "#;");
        if (c >= 0) {
          comment.append(GoText.trimSpace(next.substring(close + c)));
        }
        return sb.toString();
      }
      sb.append(next);
      if (atEnd()) {
        throw error(keyLine, keyPath, "missing closing " + quote + " of a multi-line value");
      }
    }
  }

  private String continuation(String value) {
    StringBuilder sb = new StringBuilder(value);
    while (true) {
      String next = atEnd() ? "" : GoText.trimSpace(readLine());
      if (next.isEmpty()) {
        return sb.toString();
      }
      sb.append(next);
      if (sb.charAt(sb.length() - 1) != '\\') {
        return sb.toString();
      }
      sb.setLength(sb.length() - 1);
    }
  }
}
