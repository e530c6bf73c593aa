package dev.sops4j.sops.crypto;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bounds a Go RE2 expression before it is compiled. RE2 compiles counted repetition by copying the
 * repeated part ({@code x{3}} is {@code xxx}), so nested counts multiply: {@code ((a{1000}){1000}){1000}}
 * would be a billion instructions. Go's parser refuses such expressions ("expression too large",
 * "expression nests too deeply"); RE2/J does not and runs out of memory. This pass estimates the
 * compiled size (one per literal or class, the product of the counts for repetition, plus one per
 * operator) and the group nesting, scanning the text once without recursion. It only estimates: syntax
 * errors are left to the compiler. Package-private.
 */
final class GoRegexSize {
  /**
   * Estimated program size refused. Go allows more, but matching costs up to size × text length
   * steps (about 1 s for 3,000 characters at this limit) and stack in proportion to the size; real
   * sops rules stay below a few hundred.
   */
  static final long MAX_SIZE = 10_000;
  /** Deepest group nesting accepted (Go's parser limit). */
  static final int MAX_DEPTH = 1_000;

  private GoRegexSize() {}

  /** One group level being scanned. */
  private static final class Level {
    long alternatives; // finished branches, plus one per '|'
    long branch;       // the current branch so far
    long last;         // the last atom of the current branch, for a following quantifier
  }

  /** @throws IllegalArgumentException when the estimate exceeds a limit */
  static void check(String re) {
    Deque<Level> open = new ArrayDeque<>();
    Level level = new Level();
    int i = 0;
    int n = re.length();
    while (i < n) {
      char c = re.charAt(i);
      switch (c) {
        case '\\' -> {
          int end = escapeEnd(re, i);
          long literal = re.startsWith("\\Q", i) ? Math.max(0, end - i - 4) : 1;
          atom(level, literal);
          i = end;
        }
        case '[' -> {
          atom(level, 1);
          i = classEnd(re, i);
        }
        case '(' -> {
          int body = groupBody(re, i);
          if (body < 0) { // a flags-only group such as (?i)
            i = re.indexOf(')', i) + 1;
            if (i == 0) {
              return; // unterminated: the compiler reports it
            }
            break;
          }
          if (open.size() >= MAX_DEPTH) {
            throw GoRegex.invalid("expression nests too deeply (more than " + MAX_DEPTH + " groups)");
          }
          open.push(level);
          level = new Level();
          i = body;
        }
        case ')' -> {
          if (open.isEmpty()) {
            return; // unbalanced: the compiler reports it
          }
          long size = capped(level.alternatives + level.branch + 1);
          level = open.pop();
          atom(level, size);
          i++;
        }
        case '|' -> {
          level.alternatives = capped(level.alternatives + level.branch + 1);
          level.branch = 0;
          level.last = 0;
          i++;
        }
        case '*', '+', '?' -> {
          repeat(level, 1);
          i++;
        }
        case '{' -> {
          int[] counts = counts(re, i);
          if (counts == null) {
            atom(level, 1); // a literal brace, as RE2 reads it
            i++;
          } else {
            repeat(level, Math.max(counts[0], counts[1]));
            i = counts[2];
          }
        }
        default -> {
          atom(level, 1);
          i++;
        }
      }
      if (level.branch + level.alternatives > MAX_SIZE) {
        throw GoRegex.invalid("expression too large (its compiled form would exceed "
            + MAX_SIZE + " instructions)");
      }
    }
  }

  private static void atom(Level level, long size) {
    level.last = size;
    level.branch = capped(level.branch + size);
  }

  private static void repeat(Level level, long times) {
    long repeated = capped(level.last * Math.max(times, 1) + 1);
    level.branch = capped(level.branch - level.last + repeated);
    level.last = repeated;
  }

  private static long capped(long size) {
    return Math.min(size, MAX_SIZE + 1);
  }

  /** The index after an escape: {@code \Q…\E}, {@code \x{…}}, {@code \p{…}} or a backslash and one character. */
  private static int escapeEnd(String re, int i) {
    if (i + 1 >= re.length()) {
      return re.length();
    }
    char e = re.charAt(i + 1);
    if (e == 'Q') {
      int end = re.indexOf("\\E", i + 2);
      return end < 0 ? re.length() : end + 2;
    }
    if ((e == 'x' || e == 'p' || e == 'P') && i + 2 < re.length() && re.charAt(i + 2) == '{') {
      int end = re.indexOf('}', i + 3);
      return end < 0 ? re.length() : end + 1;
    }
    return i + 2;
  }

  /** The index after a character class starting at {@code i} ({@code []a]} and {@code [^]a]} hold a bracket). */
  private static int classEnd(String re, int i) {
    int j = i + 1;
    if (j < re.length() && re.charAt(j) == '^') {
      j++;
    }
    if (j < re.length() && re.charAt(j) == ']') {
      j++;
    }
    while (j < re.length()) {
      char c = re.charAt(j);
      if (c == ']') {
        return j + 1;
      }
      if (c == '\\') {
        j = escapeEnd(re, j);
      } else if (re.startsWith("[:", j) && re.indexOf(":]", j + 2) > 0) {
        j = re.indexOf(":]", j + 2) + 2;
      } else {
        j++;
      }
    }
    return j;
  }

  /** Where a group's body starts, or -1 for a flags-only group {@code (?flags)}. */
  private static int groupBody(String re, int i) {
    if (!re.startsWith("(?", i)) {
      return i + 1;
    }
    if (re.startsWith("(?P<", i) || re.startsWith("(?<", i)) {
      int end = re.indexOf('>', i);
      return end < 0 ? re.length() : end + 1;
    }
    int j = i + 2;
    while (j < re.length() && re.charAt(j) != ':' && re.charAt(j) != ')') {
      j++;
    }
    if (j < re.length() && re.charAt(j) == ')') {
      return -1;
    }
    return Math.min(j + 1, re.length());
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: {n, m (or n), index after}; null for a literal brace. */
  private static int[] counts(String re, int i) {
    int j = i + 1;
    int start = j;
    while (j < re.length() && isAsciiDigit(re.charAt(j)) && j - start < 9) {
      j++;
    }
    if (j == start || j >= re.length()) {
      return null;
    }
    int min = Integer.parseInt(re.substring(start, j));
    int max = min;
    if (re.charAt(j) == ',') {
      j++;
      int maxStart = j;
      while (j < re.length() && isAsciiDigit(re.charAt(j)) && j - maxStart < 9) {
        j++;
      }
      if (j > maxStart) {
        max = Integer.parseInt(re.substring(maxStart, j));
      }
    }
    if (j >= re.length() || re.charAt(j) != '}') {
      return null;
    }
    return new int[] {min, max, j + 1};
  }
}
