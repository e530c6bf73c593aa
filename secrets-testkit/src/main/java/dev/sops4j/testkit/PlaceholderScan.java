package dev.sops4j.testkit;

import dev.sops4j.template.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds placeholders left in rendered text, in both forms of {@link Placeholders}: the sops-nix
 * {@code <SOPS:hash:PLACEHOLDER>} and the readable {@code {{ sops:NAME }}}.
 */
final class PlaceholderScan {
  private static final Pattern SOPS_NIX = Pattern.compile(Pattern.quote(Placeholders.SOPS_NIX_PREFIX)
      + "[0-9a-f]{64}" + Pattern.quote(Placeholders.SOPS_NIX_SUFFIX));
  private static final Pattern READABLE = Pattern.compile(Pattern.quote(Placeholders.READABLE_OPEN)
      + "[ \\t]*" + Pattern.quote(Placeholders.READABLE_MARKER) + "[^\\s{}]+[ \\t]*"
      + Pattern.quote(Placeholders.READABLE_CLOSE));

  /** One placeholder found: its 1-based line and its text (a name or hash, not a secret). */
  record Found(int line, String placeholder) {
  }

  private PlaceholderScan() {
  }

  static List<Found> scan(String text) {
    List<Found> found = new ArrayList<>();
    for (Pattern pattern : List.of(SOPS_NIX, READABLE)) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        found.add(new Found(lineOf(text, m.start()), m.group()));
      }
    }
    found.sort((a, b) -> Integer.compare(a.line(), b.line()));
    return found;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
