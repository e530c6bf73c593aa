package dev.sops4j.sops.crypto;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A Go RE2 regular expression: the syntax of sops' {@code *_regex} rules and of {@code .sops.yaml}'s
 * {@code path_regex}. Compiled with RE2/J, which reads the same syntax as Go's {@code regexp} and
 * matches in time linear in the text, so an expression taken from a hostile file's metadata cannot make
 * matching backtrack. Expressions whose compiled form would be too large ({@code ((a{1000}){1000})…})
 * or too deeply nested are refused before compiling, as Go refuses them (see {@link GoRegexSize}).
 * RE2/J matches recursively through empty-width transitions, so an expression such as
 * {@code ((x|){1000}){3}} can overflow an ordinary thread stack: such matches move to a thread with a
 * large stack.
 * Prints as its expression.
 */
public final class GoRegex {
  /**
   * Stack for matching an expression that overflowed the caller's: RE2/J follows empty-width
   * transitions recursively, so the depth a match needs grows with the expression (up to about one
   * frame per instruction); 32 MiB holds ten times {@link GoRegexSize#MAX_SIZE} instructions.
   */
  static final long LARGE_STACK = 32L << 20;
  private static final String TOO_COMPLEX =
      "expression too complex (matching it exhausted a 32 MiB stack)";

  private final String expression;
  private final Pattern pattern;
  private volatile boolean needsLargeStack;

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
      Pattern pattern;
      try {
        pattern = Pattern.compile(expression);
      } catch (StackOverflowError e) {
        pattern = onLargeStack(() -> Pattern.compile(expression));
      }
      return new GoRegex(expression, pattern);
    } catch (PatternSyntaxException e) {
      throw invalid(e.getDescription() + (e.getPattern().isEmpty() ? "" : ": `" + e.getPattern() + "`"));
    } catch (StackOverflowError e) {
      throw invalid(TOO_COMPLEX);
    }
  }

  /**
   * Whether the expression matches anywhere in the text (Go's {@code MatchString}: unanchored). An
   * expression whose match overflows the calling thread's stack is matched on a thread with a
   * {@link #LARGE_STACK large} one from then on.
   *
   * @throws IllegalStateException when even that stack is exhausted (not expected within the size
   *     limit) or the thread is interrupted while waiting
   */
  public boolean find(CharSequence text) {
    if (!needsLargeStack) {
      try {
        return pattern.matcher(text).find();
      } catch (StackOverflowError e) {
        needsLargeStack = true;
      }
    }
    try {
      return onLargeStack(() -> pattern.matcher(text).find());
    } catch (StackOverflowError e) {
      throw new IllegalStateException(TOO_COMPLEX + ": '" + expression + "'");
    }
  }

  /** Runs {@code work} on a new thread with {@link #LARGE_STACK}, rethrowing what it throws. */
  private static <T> T onLargeStack(Supplier<T> work) {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        outcome.set(work.get());
      } catch (RuntimeException | Error e) {
        outcome.set(e);
      }
    }, "sops4j-regex", LARGE_STACK);
    thread.setDaemon(true);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while matching a regular expression", e);
    }
    Object result = outcome.get();
    if (result instanceof RuntimeException e) {
      throw e;
    }
    if (result instanceof Error e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T value = (T) result;
    return value;
  }

  /** Whether a match overflowed the caller's stack, so matches run on a large one (for tests). */
  boolean movedToLargeStack() {
    return needsLargeStack;
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
