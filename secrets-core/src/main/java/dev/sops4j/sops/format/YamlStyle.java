package dev.sops4j.sops.format;

/**
 * go-yaml's scalar analysis: which presentation styles a string allows (plain in block context,
 * single quoted, literal block) given its indicators, spaces, line breaks and special characters.
 */
final class YamlStyle {
  final boolean multiline;
  final boolean blockPlainAllowed;
  final boolean singleQuotedAllowed;
  final boolean blockAllowed;

  private YamlStyle(boolean multiline, boolean blockPlain, boolean single, boolean block) {
    this.multiline = multiline;
    this.blockPlainAllowed = blockPlain;
    this.singleQuotedAllowed = single;
    this.blockAllowed = block;
  }

  static boolean isBreak(int cp) {
    return cp == '\r' || cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
  }

  /** go-yaml's is_printable, by code point. */
  static boolean isPrintable(int cp) {
    return cp == 0x0A || (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF);
  }

  private static boolean isBlankz(String s, int i) {
    if (i >= s.length()) {
      return true;
    }
    int cp = s.codePointAt(i);
    return cp == ' ' || cp == '\t' || cp == 0 || isBreak(cp);
  }

  static YamlStyle analyze(String value) {
    if (value.isEmpty()) {
      return new YamlStyle(false, true, true, false);
    }
    boolean blockIndicators = value.startsWith("---") || value.startsWith("...");
    boolean lineBreaks = false;
    boolean special = false;
    boolean tabs = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int w = Character.charCount(cp);
      boolean followedByWhitespace = i + w >= value.length() || isBlank(value.codePointAt(i + w));
      if (i == 0) {
        switch (cp) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
              blockIndicators = true;
          case '?', ':' -> blockIndicators |= followedByWhitespace;
          case '-' -> blockIndicators |= followedByWhitespace;
          default -> {
          }
        }
      } else {
        if (cp == ':' && followedByWhitespace) {
          blockIndicators = true;
        } else if (cp == '#' && precededByWhitespace) {
          blockIndicators = true;
        }
      }
      if (cp == '\t') {
        tabs = true;
      } else if (!isPrintable(cp)) {
        special = true;
      }
      if (cp == ' ') {
        if (i == 0) {
          leadingSpace = true;
        }
        if (i + w == value.length()) {
          trailingSpace = true;
        }
        if (previousBreak) {
          breakSpace = true;
        }
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(cp)) {
        lineBreaks = true;
        if (i == 0) {
          leadingBreak = true;
        }
        if (i + w == value.length()) {
          trailingBreak = true;
        }
        if (previousSpace) {
          spaceBreak = true;
        }
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlankz(value, i);
      i += w;
    }
    boolean blockPlain = true;
    boolean single = true;
    boolean block = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      blockPlain = false;
    }
    if (trailingSpace) {
      block = false;
    }
    if (breakSpace) {
      blockPlain = false;
      single = false;
    }
    if (spaceBreak || tabs || special) {
      blockPlain = false;
      single = false;
    }
    if (spaceBreak || special) {
      block = false;
    }
    if (lineBreaks) {
      blockPlain = false;
    }
    if (blockIndicators) {
      blockPlain = false;
    }
    return new YamlStyle(lineBreaks, blockPlain, single, block);
  }

  private static boolean isBlank(int cp) {
    return cp == ' ' || cp == '\t';
  }
}
