package dev.sops4j.sops.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Scalar;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code JsonReader}'s string literals: plain runs and escapes in every position (start, end,
 * adjacent, long runs), keys and values alike, and the errors inside a string.
 */
class JsonReaderStringTest {
  private static final String CANARY = "CANARY-51d2e";
  private static final String[] CHARS = {
      "a", "Z", "0", " ", "é", "€", "\uD83D\uDE00", "\u2028", "\u007f", "\"", "\\", "/", "\n", "\r", "\t",
      "\b", "\f", "\u0001", "\u001f", "x".repeat(40), "\uFFFD"};

  @Test
  void generatedStringsReadBackExactly() throws Exception {
    Random random = new Random(20261130L);
    for (int i = 0; i < 3_000; i++) {
      StringBuilder value = new StringBuilder();
      StringBuilder literal = new StringBuilder();
      int pieces = random.nextInt(8);
      for (int p = 0; p < pieces; p++) {
        String piece = CHARS[random.nextInt(CHARS.length)];
        value.append(piece);
        literal.append(escaped(piece, random));
      }
      String key = "k" + i + (random.nextBoolean() ? literal : "");
      String expectedKey = "k" + i + (key.length() > ("k" + i).length() ? value : "");
      assertThat(read("{\"" + key + "\": \"" + literal + "\"}"))
          .as("literal #%d", i)
          .isEqualTo(List.of(expectedKey, value.toString()));
    }
  }

  @Test
  void aLongPlainStringIsReadWhole() throws Exception {
    String big = "abc\u00e9\uD83D\uDE00".repeat(50_000);
    assertThat(read("{\"" + big + "\": \"" + big + "\"}")).containsExactly(big, big);
    assertThat(read("{\"\": \"\"}")).containsExactly("", "");
    assertThat(read("{\"\\n\": \"\\\\\\\"\"}")).containsExactly("\n", "\\\"");
  }

  @Test
  void errorsInsideStringsKeepTheirMessagesAndNeverTheValue() {
    List<List<String>> cases = List.of(
        List.of("{\"a\": \"" + CANARY, "unterminated string"),
        List.of("{\"a\": \"" + CANARY + "\\n" + CANARY, "unterminated string"),
        List.of("{\"a\": \"" + CANARY + "\\", "unterminated string"),
        List.of("{\"a\": \"" + CANARY + "\u0002\"}", "control character in a string"),
        List.of("{\"a\": \"" + CANARY + "\\t" + CANARY + "\u0002\"}", "control character in a string"),
        List.of("{\"a\": \"\\t\n\"}", "control character in a string"),
        List.of("{\"a\": \"" + CANARY + "\\x\"}", "invalid escape sequence"),
        List.of("{\"a\": \"" + CANARY + "\\u12\"}", "invalid \\u escape"),
        List.of("{\"" + CANARY + "\\", "unterminated string"));
    for (List<String> c : cases) {
      assertThatThrownBy(() -> read(c.get(0)))
          .as(c.get(1))
          .isInstanceOf(SopsParseException.class)
          .hasMessageStartingWith("s.json:1: ")
          .hasMessageContaining(c.get(1))
          .hasMessageNotContaining(CANARY);
    }
  }

  private static String escaped(String piece, Random random) {
    StringBuilder out = new StringBuilder();
    if (Character.isSurrogate(piece.charAt(0))) { // a pair: both raw or both escaped, as UTF-8 input allows
      return random.nextBoolean() ? piece
          : String.format("\\u%04x\\u%04x", (int) piece.charAt(0), (int) piece.charAt(1));
    }
    for (char c : piece.toCharArray()) {
      boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
      if (!mustEscape && random.nextInt(4) > 0) {
        out.append(c);
        continue;
      }
      String shortForm = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '/' -> "\\/";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> null;
      };
      out.append(shortForm != null && random.nextBoolean() ? shortForm : String.format("\\u%04X", (int) c));
    }
    return out.toString();
  }

  /** The only key and its string value of a one-item object. */
  private static List<String> read(String json) throws SopsParseException {
    Field field = JsonReader.parse(json.getBytes(UTF_8), "s.json").root().fields().get(0);
    return List.of(field.key(), ((Scalar.Str) field.value()).value());
  }
}
