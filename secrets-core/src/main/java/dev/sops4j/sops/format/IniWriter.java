package dev.sops4j.sops.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints INI as gopkg.in/ini.v1 {@code File.WriteTo} does with its default (pretty) settings:
 * section comment lines, {@code [name]} header (none for a leading {@code DEFAULT} section, which is
 * left out entirely when it has no keys), key comment lines before their key, {@code key = value}
 * with the {@code =} aligned to the longest key of the section, quoting of keys and values that
 * would not read back, and one empty line between sections (none after the last).
 */
final class IniWriter {
  /** A section to print; keys keep insertion order, a repeated key replaces the earlier value. */
  static final class Section {
    final String name;
    String comment = "";
    final Map<String, Key> keys = new LinkedHashMap<>();

    Section(String name) {
      this.name = name;
    }

    /** Adds a key, or replaces the value of an existing key of that name (as ini.v1 does). */
    Key put(String keyName, String value) {
      Key existing = keys.get(keyName);
      if (existing != null) {
        existing.value = value;
        return existing;
      }
      Key key = new Key(keyName, value);
      keys.put(keyName, key);
      return key;
    }
  }

  /** A key to print. */
  static final class Key {
    final String name;
    String value;
    String comment = "";

    Key(String name, String value) {
      this.name = name;
      this.value = value;
    }
  }

  private IniWriter() {
  }

  static String write(List<Section> sections) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sections.size(); i++) {
      Section section = sections.get(i);
      if (!section.comment.isEmpty()) {
        for (String line : section.comment.split("\n", -1)) {
          out.append(commentLine(line, false)).append('\n');
        }
      }
      if (i > 0 || !section.name.toUpperCase(Locale.ROOT).equals(IniReader.DEFAULT_SECTION)) {
        out.append('[').append(section.name).append("]\n");
      } else if (section.keys.isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      int align = 0;
      for (Key key : section.keys.values()) {
        String name = quotedName(key.name);
        names.add(name);
        align = Math.max(align, utf8Length(name));
      }
      int k = 0;
      for (Key key : section.keys.values()) {
        if (!key.comment.isEmpty()) {
          for (String line : key.comment.split("\n", -1)) {
            out.append(commentLine(line, true)).append('\n');
          }
        }
        String name = names.get(k++);
        out.append(name).append(" ".repeat(align - utf8Length(name))).append(" = ")
            .append(quotedValue(key.value)).append('\n');
      }
      if (i < sections.size() - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String commentLine(String line, boolean trimAll) {
    if (line.isEmpty() || (line.charAt(0) != '#' && line.charAt(0) != ';')) {
      return "; " + (trimAll ? GoText.trimSpace(line) : line);
    }
    return line.charAt(0) + " " + GoText.trimSpace(line.substring(1));
  }

  private static String quotedName(String name) {
    if (name.contains("\"") || name.indexOf('=') >= 0 || name.indexOf(':') >= 0) {
      return "`" + name + "`";
    }
    if (name.contains("`")) {
      return "\"\"\"" + name + "\"\"\"";
    }
    return name;
  }

  private static String quotedValue(String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('`') >= 0) {
      return "\"\"\"" + value + "\"\"\"";
    }
    if (value.indexOf('#') >= 0 || value.indexOf(';') >= 0) {
      return "`" + value + "`";
    }
    if (GoText.trimSpace(value).length() != value.length()) {
      return "\"" + value + "\"";
    }
    return value;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
