package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Bech32Test {

  /** BIP-173 "valid Bech32" test vectors. */
  @ParameterizedTest
  @ValueSource(strings = {
      "A12UEL5L",
      "a12uel5l",
      "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
      "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
      "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
      "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
      "?1ezyfcl"})
  void decodesBip173ValidStringsAndReencodesThem(String text) throws AgeKeyException {
    Bech32.Decoded decoded = Bech32.decode(text);
    assertThat(decoded.hrp()).isEqualTo(text.substring(0, text.lastIndexOf('1')));
    assertThat(Bech32.encode(decoded.hrp(), decoded.data())).isEqualTo(text);
  }

  @Test
  void decodesTheBip173DataPartToBytes() throws AgeKeyException {
    Bech32.Decoded decoded = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
    // The data part is the charset itself: the values 0..31 as 5-bit groups.
    assertThat(HexFormat.of().formatHex(decoded.data())).isEqualTo("00443214c74254b635cf84653a56d7c675be77df");
  }

  /** BIP-173 "invalid Bech32" test vectors, except the over-90-characters one (age has no length limit). */
  @ParameterizedTest
  @ValueSource(strings = {
      "\u00201nwldj5",
      "\u007f1axkwrx",
      "\u00801eym55h",
      "pzry9x0s0muk",
      "1pzry9x0s0muk",
      "x1b4n0q5v",
      "li1dgmt3",
      "de1lg7wt\u00ff",
      "A1G7SGD8",
      "10a06t8",
      "1qzzfhee"})
  void rejectsBip173InvalidStrings(String text) {
    assertThatThrownBy(() -> Bech32.decode(text)).isInstanceOf(AgeKeyException.class)
        .hasMessageStartingWith("invalid Bech32");
  }

  @Test
  void hasNoNinetyCharacterLimit() throws AgeKeyException {
    // BIP-173 rejects this only for its length (91 characters).
    String text = "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx";
    assertThat(text).hasSize(91);
    assertThat(Bech32.decode(text).hrp()).startsWith("an84");
    byte[] big = new byte[1216];
    String encoded = Bech32.encode("age1pq", big);
    assertThat(encoded.length()).isGreaterThan(1900);
    assertThat(Bech32.decode(encoded).data()).isEqualTo(big);
  }

  @Test
  void rejectsMixedCase() {
    assertThatThrownBy(() -> Bech32.decode("A12uEL5L")).hasMessageContaining("mixed case");
  }

  @Test
  void rejectsBech32mChecksums() {
    // Valid under BIP-350 (Bech32m), so not valid Bech32.
    assertThatThrownBy(() -> Bech32.decode("a1lqfn3a")).hasMessageContaining("checksum");
    assertThatThrownBy(() -> Bech32.decode("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx"))
        .hasMessageContaining("checksum");
  }

  @Test
  void rejectsAChangedCharacter() {
    String good = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";
    String bad = good.substring(0, 10) + (good.charAt(10) == 'q' ? 'p' : 'q') + good.substring(11);
    assertThatThrownBy(() -> Bech32.decode(bad)).hasMessageContaining("checksum");
  }

  @Test
  void rejectsPaddingThatIsTooLongOrNonZero() {
    // 1 data group (5 bits) cannot hold a byte and is too much padding; checksum made valid.
    assertThatThrownBy(() -> Bech32.decode(withChecksum("a", new int[] {0})))
        .hasMessageContaining("padding");
    // 2 groups = 10 bits: one byte and 2 padding bits, which must be zero.
    assertThat(HexFormat.of().formatHex(decodeOrFail(withChecksum("a", new int[] {31, 28})))).isEqualTo("ff");
    assertThatThrownBy(() -> Bech32.decode(withChecksum("a", new int[] {31, 29})))
        .hasMessageContaining("non-zero padding");
  }

  @Test
  void encodesInTheCaseOfTheHrpAndChecksumsTheLowerCaseForm() throws AgeKeyException {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 0x42);
    String upper = Bech32.encode("AGE-SECRET-KEY-", key);
    assertThat(upper).isEqualTo("AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX");
    assertThat(Bech32.encode("age-secret-key-", key)).isEqualTo(upper.toLowerCase(Locale.ROOT));
    Bech32.Decoded lower = Bech32.decode(upper.toLowerCase(Locale.ROOT));
    assertThat(lower.hrp()).isEqualTo("age-secret-key-");
    assertThat(lower.data()).isEqualTo(key);
    assertThat(lower.toString()).doesNotContain("GFPYY").doesNotContain("gfpyy");
  }

  /** A native key parser, and the words of its failures (they are part of the behaviour). */
  private record KeyKind(String what, String hrp, int size, KeyParser parser, String prefixRule, String lengthProblem) {}

  @FunctionalInterface
  private interface KeyParser {
    Object parse(String text) throws AgeKeyException;
  }

  @Test
  void keyParsersNameTheKeyKindAndTheProblem() {
    List<KeyKind> kinds = List.of(
        new KeyKind("X25519 identity", "AGE-SECRET-KEY-", 32, X25519Identity::parse,
            "upper-case \"AGE-SECRET-KEY-1\"", "key is 31 bytes, expected 32"),
        new KeyKind("X25519 recipient", "age", 32, X25519Recipient::parse,
            "lower-case \"age1\"", "key is 31 bytes, expected 32"),
        new KeyKind("post-quantum identity", "AGE-SECRET-KEY-PQ-", 32, MlKem768X25519Identity::parse,
            "upper-case \"AGE-SECRET-KEY-PQ-1\"", "key is 31 bytes, expected 32"),
        new KeyKind("post-quantum recipient", "age1pq", 1216, MlKem768X25519Recipient::parse,
            "lower-case \"age1pq1\"", "MLKEM768-X25519 public key must be 1216 bytes, got 1215"));
    for (KeyKind kind : kinds) {
      boolean upper = kind.hrp().equals(kind.hrp().toUpperCase(Locale.ROOT));
      String otherCase = upper ? kind.hrp().toLowerCase(Locale.ROOT) : kind.hrp().toUpperCase(Locale.ROOT);
      String badChecksum = kind.hrp() + (upper ? "1QQQQQQ" : "1qqqqqq");
      String malformed = "malformed " + kind.what() + ": ";
      assertThatThrownBy(() -> kind.parser().parse(badChecksum))
          .isExactlyInstanceOf(AgeKeyException.class).hasMessage(malformed + "invalid Bech32: bad checksum");
      assertThatThrownBy(() -> kind.parser().parse(Bech32.encode(otherCase, new byte[kind.size()])))
          .isExactlyInstanceOf(AgeKeyException.class).hasMessage(malformed + "the prefix must be " + kind.prefixRule());
      assertThatThrownBy(() -> kind.parser().parse(Bech32.encode(kind.hrp(), new byte[kind.size() - 1])))
          .isExactlyInstanceOf(AgeKeyException.class).hasMessage(malformed + kind.lengthProblem());
    }
  }

  private static byte[] decodeOrFail(String text) {
    try {
      return Bech32.decode(text).data();
    } catch (AgeKeyException e) {
      throw new AssertionError(e);
    }
  }

  /** Test-side BIP-173 checksum, written independently of the class under test. */
  private static String withChecksum(String hrp, int[] values) {
    String charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    int[] all = new int[hrp.length() * 2 + 1 + values.length + 6];
    int k = 0;
    for (char c : hrp.toCharArray()) {
      all[k++] = c >> 5;
    }
    all[k++] = 0;
    for (char c : hrp.toCharArray()) {
      all[k++] = c & 31;
    }
    for (int v : values) {
      all[k++] = v;
    }
    int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    int chk = 1;
    for (int v : all) {
      int b = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        chk ^= ((b >>> i) & 1) != 0 ? gen[i] : 0;
      }
    }
    int mod = chk ^ 1;
    StringBuilder sb = new StringBuilder(hrp).append('1');
    for (int v : values) {
      sb.append(charset.charAt(v));
    }
    for (int i = 0; i < 6; i++) {
      sb.append(charset.charAt((mod >>> (5 * (5 - i))) & 31));
    }
    return sb.toString();
  }
}
