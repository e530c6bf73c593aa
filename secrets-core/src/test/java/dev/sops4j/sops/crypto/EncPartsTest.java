package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.sops.tree.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@code ENC[…]} splitter against sops' regular expression (the one sops4j used
 * before): same match or no match, same four groups, on edge cases and on many generated strings.
 */
class EncPartsTest {
  private static final Pattern SOPS = Pattern.compile(
      "^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");
  private static final String PREFIX = "ENC[AES256_GCM,data:";
  private static final String[] PIECES = {
      PREFIX, ",iv:", ",tag:", ",type:", "]", "[", ",", ":", "iv:", "tag", "type:", "a", "AB+/", "==",
      "str", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t", " ", "\uD83D\uDE00", "\uD83D", "é",
      "ENC[", "data:", ",iv", ",tag:,type:"};

  @Test
  void edgeCasesSplitAsTheRegexDoes() {
    List<String> cases = List.of(
        "", "ENC[", PREFIX, PREFIX + "a,iv:b,tag:c,type:str]",
        PREFIX + "a,iv:b,tag:c,type:str]trailing", PREFIX + "a,iv:b,tag:c,type:str]]",
        PREFIX + "a,iv:b,tag:c,type:]", PREFIX + ",iv:b,tag:c,type:str]", PREFIX + "a,iv:,tag:c,type:str]",
        PREFIX + "a,iv:b,tag:,type:str]", PREFIX + "a,iv:b,tag:c,type:str", PREFIX + "a,iv:b,tag:c,type:s]\n]",
        PREFIX + "a,iv:b\n,tag:c,type:str]", PREFIX + "a,iv:b,tag:c,type:str\u2028]",
        PREFIX + "a,iv:b,iv:c,tag:d,tag:e,type:f,type:g]h]", PREFIX + "a,iv:,iv:,tag:,tag:,type:,type:]]",
        PREFIX + "a,iv:b,tag:c,type:d,iv:e,tag:f,type:g]", PREFIX + "a,iv:b,tag:c,type:,type:]",
        PREFIX + "a,iv:,tag:,type:x]", PREFIX + ",iv:,iv:x,tag:y,type:z]",
        " " + PREFIX + "a,iv:b,tag:c,type:str]", "enc[AES256_GCM,data:a,iv:b,tag:c,type:str]",
        PREFIX + "\uD83D\uDE00,iv:\uD83D,tag:é,type:\uDE00]", PREFIX + "a,iv:b,tag:c,type:str\r\n]",
        PREFIX + "a\u0085,iv:b,tag:c,type:str]", PREFIX + "a,iv:b,tag:c,type:d]" + ",iv:b,tag:c,type:d]");
    for (String value : cases) {
      assertSameAsRegex(value);
    }
  }

  @Test
  void generatedStringsSplitAsTheRegexDoes() {
    Random random = new Random(20261130L);
    int matched = 0;
    int total = 200_000;
    for (int i = 0; i < total; i++) {
      String value = generated(random);
      if (assertSameAsRegex(value)) {
        matched++;
      }
    }
    assertThat(matched).as("both matching and malformed strings were generated")
        .isBetween(total / 20, total - total / 20);
  }

  @Test
  void realValuesSplitIntoTheirParts() throws Exception {
    String enc = new ValueCipher(new byte[32]).encrypt(new Scalar.Str("v"), "k:");
    ValueCipher.EncParts parts = ValueCipher.EncParts.split(enc);
    assertThat(parts).isNotNull();
    assertThat(parts.type()).isEqualTo("str");
    assertThat(enc).isEqualTo(PREFIX + parts.data() + ",iv:" + parts.iv() + ",tag:" + parts.tag()
        + ",type:str]");
    assertThat(ValueCipher.isEncrypted(enc)).isTrue();
    assertThat(ValueCipher.isEncrypted(enc.substring(0, enc.length() - 1))).isFalse();
  }

  private static String generated(Random random) {
    StringBuilder text = new StringBuilder();
    if (random.nextInt(10) > 0) {
      text.append(PREFIX);
    }
    List<String> parts = new ArrayList<>(List.of("x", ",iv:", "y", ",tag:", "z", ",type:", "t", "]"));
    int steps = random.nextInt(12);
    for (int s = 0; s < steps; s++) {
      int at = random.nextInt(parts.size() + 1);
      switch (random.nextInt(3)) {
        case 0 -> parts.add(at, PIECES[random.nextInt(PIECES.length)]);
        case 1 -> {
          if (at < parts.size()) {
            parts.remove(at);
          }
        }
        default -> {
          if (at < parts.size()) {
            parts.set(at, "");
          }
        }
      }
    }
    parts.forEach(text::append);
    return text.toString();
  }

  private static boolean assertSameAsRegex(String value) {
    Matcher m = SOPS.matcher(value);
    ValueCipher.EncParts parts = ValueCipher.EncParts.split(value);
    if (!m.lookingAt()) {
      assertThat(parts).as("no match for %s", escaped(value)).isNull();
      assertThat(ValueCipher.isEncrypted(value)).isFalse();
      return false;
    }
    assertThat(parts).as("a match for %s", escaped(value)).isNotNull();
    assertThat(List.of(parts.data(), parts.iv(), parts.tag(), parts.type()))
        .as("groups of %s", escaped(value))
        .containsExactly(m.group(1), m.group(2), m.group(3), m.group(4));
    assertThat(ValueCipher.isEncrypted(value)).isTrue();
    return true;
  }

  private static String escaped(String value) {
    StringBuilder out = new StringBuilder();
    value.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
    return out.toString();
  }
}
