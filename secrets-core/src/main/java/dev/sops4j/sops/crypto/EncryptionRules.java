package dev.sops4j.sops.crypto;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which values of a file are encrypted: the one rule a SOPS file may carry ({@code
 * unencrypted_suffix}, {@code encrypted_suffix}, {@code unencrypted_regex}, {@code encrypted_regex},
 * {@code unencrypted_comment_regex}, {@code encrypted_comment_regex}) with its value, or none (binary
 * files). Regexes use Go's RE2 syntax, searched (not anchored) in each key of the path or each
 * preceding comment line.
 *
 * @param kind  which rule
 * @param value the suffix or expression; {@code null} only for {@link Kind#NONE}
 */
public record EncryptionRules(Kind kind, String value, GoRegex pattern) {

  /** The suffix sops applies when a file names no rule. */
  public static final String DEFAULT_UNENCRYPTED_SUFFIX = "_unencrypted";

  /** The six rules by their metadata key, plus none. */
  public enum Kind {
    UNENCRYPTED_SUFFIX, ENCRYPTED_SUFFIX, UNENCRYPTED_REGEX, ENCRYPTED_REGEX,
    UNENCRYPTED_COMMENT_REGEX, ENCRYPTED_COMMENT_REGEX, NONE;

    /** The metadata key ({@code unencrypted_suffix} …), {@code null} for NONE. */
    public String metadataKey() {
      return this == NONE ? null : name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a metadata key. */
    public static Optional<Kind> fromMetadataKey(String key) {
      for (Kind k : values()) {
        if (k != NONE && k.metadataKey().equals(key)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }

    boolean isRegex() {
      return this == UNENCRYPTED_REGEX || this == ENCRYPTED_REGEX
          || this == UNENCRYPTED_COMMENT_REGEX || this == ENCRYPTED_COMMENT_REGEX;
    }
  }

  /**
   * Use {@link #of}; the canonical constructor checks that the pattern is the compiled value.
   *
   * @param pattern the compiled expression for regex kinds, otherwise {@code null}
   */
  public EncryptionRules {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.NONE) {
      if (value != null || pattern != null) {
        throw new IllegalArgumentException("rule NONE has no value");
      }
    } else {
      Objects.requireNonNull(value, "value");
      if (value.isEmpty()) {
        throw new IllegalArgumentException(kind.metadataKey() + " must not be empty");
      }
      if (kind.isRegex() != (pattern != null)) {
        throw new IllegalArgumentException("use EncryptionRules.of to compile " + kind.metadataKey());
      }
    }
  }

  /**
   * A rule with its value; regexes are compiled from Go RE2 syntax.
   *
   * @throws IllegalArgumentException for an empty value or an expression RE2 would reject or read
   *     differently (backreferences, lookaround …), naming the rule
   */
  public static EncryptionRules of(Kind kind, String value) {
    if (kind == Kind.NONE) {
      return none();
    }
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(kind.metadataKey() + " must not be empty");
    }
    GoRegex compiled = null;
    if (kind.isRegex()) {
      try {
        compiled = GoRegex.compile(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(kind.metadataKey() + ": " + e.getMessage(), e);
      }
    }
    return new EncryptionRules(kind, value, compiled);
  }

  /** sops' default: {@code unencrypted_suffix: _unencrypted}. */
  public static EncryptionRules defaults() {
    return new EncryptionRules(Kind.UNENCRYPTED_SUFFIX, DEFAULT_UNENCRYPTED_SUFFIX, null);
  }

  /** No rule: every value is encrypted (the binary format). */
  public static EncryptionRules none() {
    return new EncryptionRules(Kind.NONE, null, null);
  }

  /**
   * sops' {@code shouldBeEncrypted}.
   *
   * @param path          the map keys from the document root to the value (list indices not included)
   * @param commentsStack per enclosing mapping or list, the comment lines right before the current
   *     item (the innermost level last)
   * @param isComment     whether the value is itself a comment (then, for {@code
   *     encrypted_comment_regex}, its own line does not count)
   */
  public boolean shouldEncrypt(List<String> path, List<List<String>> commentsStack, boolean isComment) {
    switch (kind) {
      case UNENCRYPTED_SUFFIX:
        return path.stream().noneMatch(k -> k.endsWith(value));
      case ENCRYPTED_SUFFIX:
        return path.stream().anyMatch(k -> k.endsWith(value));
      case UNENCRYPTED_REGEX:
        return path.stream().noneMatch(k -> pattern.find(k));
      case ENCRYPTED_REGEX:
        return path.stream().anyMatch(k -> pattern.find(k));
      case UNENCRYPTED_COMMENT_REGEX:
        return commentsStack.stream().flatMap(List::stream)
            .noneMatch(c -> pattern.find(c));
      case ENCRYPTED_COMMENT_REGEX:
        return anyEarlierCommentMatches(commentsStack, isComment);
      default:
        return true;
    }
  }

  private boolean anyEarlierCommentMatches(List<List<String>> stack, boolean isComment) {
    int lastLevel = stack.size() - 1;
    for (int i = 0; i < stack.size(); i++) {
      List<String> level = stack.get(i);
      for (int j = 0; j < level.size(); j++) {
        // The comment line being decided is the last line of the innermost level: it does not
        // count, so the marker comment itself stays clear.
        if (isComment && i == lastLevel && j == level.size() - 1) {
          continue;
        }
        if (pattern.find(level.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the rule is an {@code unencrypted_comment_regex} that matches this text. */
  public boolean unencryptedCommentMatches(String text) {
    return kind == Kind.UNENCRYPTED_COMMENT_REGEX && pattern.find(text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionRules r && kind == r.kind && Objects.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return kind == Kind.NONE ? "EncryptionRules[none]" : "EncryptionRules[" + kind.metadataKey() + "=" + value + "]";
  }
}
