package dev.sops4j.sops.crypto;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Go RE2 expression (the syntax of sops' {@code *_regex} rules) to a {@link Pattern} that
 * matches the same strings: {@code (?P<name>…)} becomes a Java named group, POSIX classes
 * ({@code [[:alpha:]]}) become {@code \p{…}}, {@code $} without the {@code m} flag means end of text
 * and {@code .} excludes only a newline. Constructs RE2 does not have (backreferences, lookaround,
 * atomic groups, possessive quantifiers, {@code \Z}, {@code \G}) are rejected, so a rule never means
 * something different here than in sops. Package-private.
 */
final class GoRegex {
  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"),
      Map.entry("ascii", "\\x00-\\x7F"), Map.entry("blank", "\\p{Blank}"),
      Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "0-9"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"),
      Map.entry("print", "\\p{Print}"), Map.entry("punct", "\\p{Punct}"),
      Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "\\p{Upper}"),
      Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

  private GoRegex() {}

  /**
   * @param re2 the expression as written in the metadata or {@code .sops.yaml}
   * @return the compiled pattern, to use with {@code find()} (Go's {@code regexp.Match} searches)
   * @throws IllegalArgumentException naming the construct RE2 lacks, or the syntax error
   */
  static Pattern compile(String re2) {
    StringBuilder out = new StringBuilder(re2.length() + 8);
    boolean multiline = false;
    boolean inClass = false;
    int i = 0;
    while (i < re2.length()) {
      char c = re2.charAt(i);
      if (c == '\\') {
        if (i + 1 >= re2.length()) {
          throw bad("trailing backslash");
        }
        char e = re2.charAt(i + 1);
        if (e >= '1' && e <= '9' && !inClass) {
          throw bad("backreferences (\\" + e + ") are not supported by Go's RE2");
        }
        if ("ZGRXkKhHV".indexOf(e) >= 0 || (e == 'b' && inClass)) {
          throw bad("escape \\" + e + " is not supported by Go's RE2");
        }
        if (e == 'Q') {
          int end = re2.indexOf("\\E", i + 2);
          String literal = end < 0 ? re2.substring(i + 2) : re2.substring(i + 2, end);
          out.append(Pattern.quote(literal));
          i = end < 0 ? re2.length() : end + 2;
          continue;
        }
        if (e == 'v') {
          out.append("\\x0B"); // RE2's \v is the vertical tab only
        } else {
          out.append(c).append(e);
        }
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[' && re2.startsWith("[:", i)) {
          int end = re2.indexOf(":]", i + 2);
          if (end > 0) {
            String name = re2.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String body = POSIX.get(negated ? name.substring(1) : name);
            if (body == null) {
              throw bad("unknown POSIX class [:" + name + ":]");
            }
            out.append(negated ? "[^" + body + "]" : body);
            i = end + 2;
            continue;
          }
        }
        if (c == '[') {
          out.append("\\[");
        } else if (c == '&' && re2.startsWith("&&", i)) {
          out.append("&\\&");
          i += 2;
          continue;
        } else {
          out.append(c);
        }
        if (c == ']') {
          inClass = false;
        }
        i++;
        continue;
      }
      switch (c) {
        case '[':
          inClass = true;
          out.append(c);
          i++;
          if (i < re2.length() && re2.charAt(i) == '^') {
            out.append('^');
            i++;
          }
          if (i < re2.length() && re2.charAt(i) == ']') {
            out.append("\\]");
            i++;
          }
          continue;
        case '(':
          if (re2.startsWith("(?P<", i)) {
            out.append("(?<");
            i += 4;
            continue;
          }
          if (re2.startsWith("(?<", i) && !re2.startsWith("(?<=", i) && !re2.startsWith("(?<!", i)) {
            out.append("(?<"); // named group, also accepted by Go 1.22+
            i += 3;
            continue;
          }
          if (re2.startsWith("(?", i)) {
            int end = group(re2, i, out);
            String flags = re2.substring(i + 2, end - 1);
            int minus = flags.indexOf('-');
            if ((minus < 0 ? flags : flags.substring(0, minus)).indexOf('m') >= 0) {
              multiline = true;
            }
            i = end;
            continue;
          }
          out.append(c);
          i++;
          continue;
        case '*', '+', '?', '}':
          out.append(c);
          i++;
          if (i < re2.length() && re2.charAt(i) == '+') {
            throw bad("possessive quantifiers are not supported by Go's RE2");
          }
          continue;
        case '$':
          out.append(multiline ? "$" : "\\z");
          i++;
          continue;
        default:
          out.append(c);
          i++;
      }
    }
    if (inClass) {
      throw bad("missing closing ]");
    }
    try {
      return Pattern.compile(out.toString(), Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw bad(e.getDescription());
    }
  }

  /** Copies a {@code (?flags)} or {@code (?flags:} opener, rejecting lookaround and other Perl-only groups. */
  private static int group(String re2, int start, StringBuilder out) {
    int i = start + 2;
    if (i < re2.length() && "=!<>#".indexOf(re2.charAt(i)) >= 0) {
      throw bad("lookaround, atomic groups and inline comments ((?" + re2.charAt(i)
          + "…) are not supported by Go's RE2");
    }
    StringBuilder flags = new StringBuilder();
    while (i < re2.length() && ":)".indexOf(re2.charAt(i)) < 0) {
      char f = re2.charAt(i);
      if ("imsU-".indexOf(f) < 0) {
        throw bad("unknown group flag '" + f + "'");
      }
      if (f == 'U') {
        throw bad("the ungreedy flag U is not supported here");
      }
      flags.append(f);
      i++;
    }
    if (i >= re2.length()) {
      throw bad("missing closing )");
    }
    out.append("(?").append(flags).append(re2.charAt(i));
    return i + 1;
  }

  private static IllegalArgumentException bad(String problem) {
    return new IllegalArgumentException("invalid regular expression: " + problem);
  }
}
