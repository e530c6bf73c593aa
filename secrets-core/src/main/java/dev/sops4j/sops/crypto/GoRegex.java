package dev.sops4j.sops.crypto;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * A Go RE2 regular expression: the syntax of sops' {@code *_regex} rules and of {@code .sops.yaml}'s
 * {@code path_regex}. Compiled with RE2/J, which reads the same syntax as Go's {@code regexp} and
 * matches in time linear in the text, so an expression taken from a hostile file's metadata cannot make
 * matching backtrack. Expressions whose compiled form would be too large ({@code ((a{1000}){1000})…})
 * or too deeply nested are refused before compiling, as Go refuses them (see {@link GoRegexSize}), and
 * so are expressions whose matching would recurse deeper than the thread's stack allows.
 * Prints as its expression.
 */
public final class GoRegex {
  private static final String PROBE = "aZ0_ -.\n\u00e9";
  private static final String TOO_COMPLEX =
      "expression too complex (matching it would exhaust the thread's stack)";
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
    Pattern pattern;
    try {
      pattern = Pattern.compile(expression);
      // RE2/J follows empty-width transitions recursively while matching, so the stack depth a
      // match needs depends on the expression alone (((x|){1000}){3} needs more than 1 MiB); a
      // probe here turns that into a compile error instead of a failure in the middle of a file
      pattern.matcher(PROBE).find();
      pattern.matcher("").find();
    } catch (PatternSyntaxException e) {
      throw invalid(e.getDescription() + (e.getPattern().isEmpty() ? "" : ": `" + e.getPattern() + "`"));
    } catch (StackOverflowError e) {
      throw invalid(TOO_COMPLEX);
    }
    return new GoRegex(expression, pattern);
  }

  /**
   * Whether the expression matches anywhere in the text (Go's {@code MatchString}: unanchored).
   *
   * @throws IllegalStateException when the thread's stack is too small for the expression (the
   *     {@link #compile} probe ran on a thread with a larger one)
   */
  public boolean find(CharSequence text) {
    try {
      return pattern.matcher(text).find();
    } catch (StackOverflowError e) {
      throw new IllegalStateException(TOO_COMPLEX + ": '" + expression + "'");
    }
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
