package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  void re2ConstructsJavaReadsDifferentlyMatchAsInGo() {
    assertThat(GoRegex.compile("(?P<word>ab)c").find("abc")).isTrue();
    assertThat(GoRegex.compile("^[[:alpha:]]+$").find("abc")).isTrue();
    assertThat(GoRegex.compile("^[[:alpha:]]+$").find("a:b")).isFalse();
    assertThat(GoRegex.compile("^[[:^digit:]x]$").find("x")).isTrue();
    assertThat(GoRegex.compile("^[[:^digit:]]$").find("5")).isFalse();
    assertThat(GoRegex.compile("key$").find("key\n")).as("$ is end of text in RE2").isFalse();
    assertThat(GoRegex.compile("(?m)key$").find("key\nx")).isTrue();
    assertThat(GoRegex.compile("a.b").find("a\rb")).as(". matches \\r in RE2").isTrue();
    assertThat(GoRegex.compile("a.b").find("a\nb")).isFalse();
    assertThat(GoRegex.compile("[]a]").find("]")).isTrue();
    assertThat(GoRegex.compile("[a[]").find("[")).isTrue();
    assertThat(GoRegex.compile("\\Qa.b\\E").find("axb")).isFalse();
    assertThat(GoRegex.compile("(?i:ABC)").find("abc")).isTrue();
    assertThat(GoRegex.compile("(?<n>a)b").find("ab")).isTrue();
    assertThat(GoRegex.compile("a\\vb").find("a\nb")).isFalse();
    assertThat(GoRegex.compile("a\\vb").find("a\u000Bb")).isTrue();
  }

  @Test
  void constructsRe2LacksAreRejectedNamingTheRule() {
    String[] unsupported = {"(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?>a)", "a*+",
        "a++", "a\\Z", "\\Ga", "[[:nope:]]", "(a", "a{2,1}"};
    for (String re : unsupported) {
      assertThatThrownBy(() -> EncryptionRules.of(Kind.ENCRYPTED_REGEX, re)).as(re)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("encrypted_regex: invalid regular expression");
    }
    assertThatThrownBy(() -> EncryptionRules.of(Kind.ENCRYPTED_SUFFIX, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void goOnlyFlagsAndEscapesAreAccepted() {
    assertThat(GoRegex.compile("(?U)a+").find("aa")).isTrue();
    assertThat(GoRegex.compile("\\pL+").find("ü")).isTrue();
    assertThat(GoRegex.compile("\\p{Greek}").find("λ")).isTrue();
    assertThat(GoRegex.compile("\\x{41}").find("A")).isTrue();
    assertThat(GoRegex.compile("a{1000}").find("a".repeat(1000))).isTrue();
  }

  @Test
  void expressionsTooLargeOrTooDeepAreRefusedBeforeCompiling() {
    // Go refuses these too; RE2/J would expand the counts and run out of memory
    for (String re : new String[] {"((a{1000}){1000}){1000}", "(((a{100}){100}){100}){100}",
        "(?:(?:x{999}y){999})", "(a|b{500}|c){900}", "[ab]{1000}[cd]{1000}".repeat(6), "((x|){1000}){20}"}) {
      assertThatThrownBy(() -> EncryptionRules.of(Kind.ENCRYPTED_REGEX, re)).as(re)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("encrypted_regex: invalid regular expression: expression too large (its compiled form"
              + " would exceed 10000 instructions)");
    }
    String deep = "(".repeat(1001) + "a" + ")".repeat(1001);
    assertThatThrownBy(() -> GoRegex.compile(deep))
        .hasMessage("invalid regular expression: expression nests too deeply (more than 1000 groups)");
    String fine = "(".repeat(1000) + "a" + ")".repeat(1000);
    assertThat(GoRegex.compile(fine).find("xa")).isTrue();
    assertThat(GoRegex.compile("(a{99}){99}").find("a".repeat(10_000))).isTrue();
  }

  @Test
  void expressionsWhoseMatchOverflowsASmallStackAreMatchedOnALargeOne() throws Exception {
    // RE2/J recurses through empty-width transitions: these are within the size limit but overflow
    // a 256 KiB stack (the first was found by fuzzing #sopsConfig, behind a '/')
    String path = "/" + "a".repeat(3000) + "!";
    Map<String, Boolean> expected = Map.of("/(((x{1 1|){1}){30}){30}$", false, "((x|){1000}){3}", true,
        "(a*){1000}", true, "/((x|){1000}){3}a", true);
    Map<String, Object> found = new ConcurrentHashMap<>();
    Thread small = new Thread(null, () -> expected.keySet().forEach(re -> {
      try {
        GoRegex regex = GoRegex.compile(re);
        found.put(re, regex.find(path));
        found.put(re + " moved", regex.movedToLargeStack());
        found.put(re + " again", regex.find(path)); // now directly on the large stack
      } catch (Throwable t) {
        found.put(re, t);
      }
    }), "small-stack", 256 * 1024);
    small.start();
    small.join();
    expected.forEach((re, matches) -> {
      assertThat(found.get(re)).as(re).isEqualTo(matches);
      assertThat(found.get(re + " moved")).as(re + " overflowed the small stack").isEqualTo(true);
      assertThat(found.get(re + " again")).as(re).isEqualTo(matches);
    });
  }

  @Test
  void matchingIsLinearInTheText() {
    // catastrophic for a backtracking engine; RE2 answers at once
    String text = "a".repeat(50_000) + "!";
    long start = System.nanoTime();
    assertThat(GoRegex.compile("^(a+)+$").find(text)).isFalse();
    assertThat(GoRegex.compile("(a|aa)+b").find(text)).isFalse();
    assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(5_000_000_000L);
  }
}
