package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** shouldBeEncrypted per rule, and Go RE2 expressions carried over to java.util.regex. */
class EncryptionRulesTest {
  private static final List<List<String>> NO_COMMENTS = List.of(List.of());

  @Test
  void defaultIsTheUnencryptedSuffix() {
    EncryptionRules rules = EncryptionRules.defaults();
    assertThat(rules.kind()).isEqualTo(Kind.UNENCRYPTED_SUFFIX);
    assertThat(rules.value()).isEqualTo("_unencrypted");
    assertThat(rules.shouldEncrypt(List.of("a", "b"), NO_COMMENTS, false)).isTrue();
    assertThat(rules.shouldEncrypt(List.of("a_unencrypted", "b"), NO_COMMENTS, false)).isFalse();
    assertThat(rules.shouldEncrypt(List.of("a", "b_unencrypted"), NO_COMMENTS, false)).isFalse();
    assertThat(rules.shouldEncrypt(List.of(), NO_COMMENTS, true)).as("top-level comment").isTrue();
  }

  @Test
  void suffixAndRegexRules() {
    EncryptionRules enc = EncryptionRules.of(Kind.ENCRYPTED_SUFFIX, "_secret");
    assertThat(enc.shouldEncrypt(List.of("db_secret", "x"), NO_COMMENTS, false)).isTrue();
    assertThat(enc.shouldEncrypt(List.of("db", "x"), NO_COMMENTS, false)).isFalse();
    EncryptionRules regex = EncryptionRules.of(Kind.ENCRYPTED_REGEX, "^(data|stringData)$");
    assertThat(regex.shouldEncrypt(List.of("stringData", "x"), NO_COMMENTS, false)).isTrue();
    assertThat(regex.shouldEncrypt(List.of("metadata", "name"), NO_COMMENTS, false)).isFalse();
    EncryptionRules unRegex = EncryptionRules.of(Kind.UNENCRYPTED_REGEX, "pub");
    assertThat(unRegex.shouldEncrypt(List.of("a", "public_key"), NO_COMMENTS, false))
        .as("unanchored search").isFalse();
    assertThat(unRegex.shouldEncrypt(List.of("a"), NO_COMMENTS, false)).isTrue();
    assertThat(EncryptionRules.none().shouldEncrypt(List.of("x_unencrypted"), NO_COMMENTS, false)).isTrue();
  }

  @Test
  void commentStackRules() {
    EncryptionRules un = EncryptionRules.of(Kind.UNENCRYPTED_COMMENT_REGEX, "^ *nocrypt");
    assertThat(un.shouldEncrypt(List.of("a"), List.of(List.of(" nocrypt"), List.of()), false)).isFalse();
    assertThat(un.shouldEncrypt(List.of("a"), List.of(List.of(" other"), List.of()), false)).isTrue();
    EncryptionRules en = EncryptionRules.of(Kind.ENCRYPTED_COMMENT_REGEX, "crypt");
    assertThat(en.shouldEncrypt(List.of("a"), List.of(List.of(" crypt")), true))
        .as("the marker comment itself stays clear").isFalse();
    assertThat(en.shouldEncrypt(List.of("a"), List.of(List.of(" crypt", " next")), true)).isTrue();
    assertThat(en.shouldEncrypt(List.of("a"), List.of(List.of(" crypt"), List.of(" x")), true))
        .as("an outer marker counts for an inner comment").isTrue();
    assertThat(en.shouldEncrypt(List.of("a"), List.of(List.of(" crypt")), false)).isTrue();
    assertThat(un.unencryptedCommentMatches(" nocrypt")).isTrue();
    assertThat(en.unencryptedCommentMatches(" crypt")).isFalse();
  }

  @Test
  void metadataKeys() {
    assertThat(Kind.ENCRYPTED_COMMENT_REGEX.metadataKey()).isEqualTo("encrypted_comment_regex");
    assertThat(Kind.fromMetadataKey("unencrypted_suffix")).contains(Kind.UNENCRYPTED_SUFFIX);
    assertThat(Kind.fromMetadataKey("nope")).isEmpty();
    assertThat(EncryptionRules.of(Kind.ENCRYPTED_REGEX, "a+"))
        .isEqualTo(EncryptionRules.of(Kind.ENCRYPTED_REGEX, "a+"))
        .hasToString("EncryptionRules[encrypted_regex=a+]");
  }

  @Test
  void re2ConstructsJavaReadsDifferentlyAreTranslated() {
    assertThat(GoRegex.compile("(?P<word>ab)c").matcher("abc").find()).isTrue();
    assertThat(GoRegex.compile("^[[:alpha:]]+$").matcher("abc").find()).isTrue();
    assertThat(GoRegex.compile("^[[:alpha:]]+$").matcher("a:b").find()).isFalse();
    assertThat(GoRegex.compile("^[[:^digit:]x]$").matcher("x").find()).isTrue();
    assertThat(GoRegex.compile("^[[:^digit:]]$").matcher("5").find()).isFalse();
    assertThat(GoRegex.compile("key$").matcher("key\n").find()).as("$ is end of text in RE2").isFalse();
    assertThat(GoRegex.compile("(?m)key$").matcher("key\nx").find()).isTrue();
    assertThat(GoRegex.compile("a.b").matcher("a\rb").find()).as(". matches \\r in RE2").isTrue();
    assertThat(GoRegex.compile("a.b").matcher("a\nb").find()).isFalse();
    assertThat(GoRegex.compile("[]a]").matcher("]").find()).isTrue();
    assertThat(GoRegex.compile("[a[]").matcher("[").find()).isTrue();
    assertThat(GoRegex.compile("\\Qa.b\\E").matcher("axb").find()).isFalse();
    assertThat(GoRegex.compile("(?i:ABC)").matcher("abc").find()).isTrue();
    assertThat(GoRegex.compile("(?<n>a)b").matcher("ab").find()).isTrue();
    assertThat(GoRegex.compile("a\\vb").matcher("a\nb").find()).isFalse();
    assertThat(GoRegex.compile("a\\vb").matcher("a\u000Bb").find()).isTrue();
  }

  @Test
  void constructsRe2LacksAreRejectedNamingTheRule() {
    String[] unsupported = {"(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?>a)", "a*+",
        "a++", "a\\Z", "\\Ga", "(?U)a", "[[:nope:]]", "(a", "a{2,1}"};
    for (String re : unsupported) {
      assertThatThrownBy(() -> EncryptionRules.of(Kind.ENCRYPTED_REGEX, re)).as(re)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("encrypted_regex: invalid regular expression");
    }
    assertThatThrownBy(() -> EncryptionRules.of(Kind.ENCRYPTED_SUFFIX, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
