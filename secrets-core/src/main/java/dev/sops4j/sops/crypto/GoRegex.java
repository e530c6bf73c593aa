package dev.sops4j.sops.crypto;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A Go RE2 regular expression: the syntax of sops' {@code *_regex} rules and of {@code .sops.yaml}'s
 * {@code path_regex}. Compiled with RE2/J, which reads the same syntax as Go's {@code regexp} and
 * matches in time linear in the text, so an expression taken from a hostile file's metadata cannot make
 * matching backtrack. Expressions whose compiled form would be too large ({@code ((a{1000}){1000})…})
 * or too deeply nested are refused before compiling, as Go refuses them (see {@link GoRegexSize}).
 * Prints as its expression.
 */
public final class GoRegex {
  private final String expression;
  private final Pattern pattern;

  private GoRegex(String expression, Pattern pattern) {
    this.expression = expression;
    this.pattern = pattern;
  }

  /**
   * @param expression the expression as written in the metadata or {@code .sops.yaml}
   * @throws IllegalArgumentException "invalid regular expression: …" with RE2's reason or the limit
   *     exceeded
   */
  public static GoRegex compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    GoRegexSize.check(expression);
    try {
      return new GoRegex(expression, Pattern.compile(expression));
    } catch (PatternSyntaxException e) {
      throw invalid(e.getDescription() + (e.getPattern().isEmpty() ? "" : ": `" + e.getPattern() + "`"));
    }
  }

  /** Whether the expression matches anywhere in the text (Go's {@code MatchString}: unanchored). */
  public boolean find(CharSequence text) {
    return pattern.matcher(text).find();
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("invalid regular expression: " + problem);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoRegex other && other.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
