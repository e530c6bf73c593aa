package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Header parsing and writing: strictness, the bytes the MAC covers, and byte-exact round trips. */
class HeaderTest {
  private static final byte[] FILE_KEY = "YELLOW SUBMARINE".getBytes(StandardCharsets.US_ASCII);
  private static final String ARG_LINE = "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n";
  private static final String BODY_LINE = "hjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n";

  /** Binary vectors whose header is well formed (everything but header failures and armor). */
  static Stream<CctvVector> wellFormedHeaders() {
    return CctvVectorsTest.vectors().filter(v -> !v.armored() && !v.expect().equals("header failure"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormedHeaders")
  void cctvHeaderReencodesByteForByte(CctvVector vector) throws IOException {
    byte[] file = vector.ageFile();
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    Header header = HeaderReader.read(in);
    int headerLength = file.length - in.available();

    assertThat(HeaderWriter.encodeWithoutMac(header.stanzas())).isEqualTo(header.macInput());
    assertThat(Arrays.copyOf(file, header.macInput().length)).isEqualTo(header.macInput());
    boolean macValid = !vector.expect().equals("HMAC failure");
    assertThat(header.macMatches(vector.fileKey())).isEqualTo(macValid);
    if (macValid) {
      assertThat(HeaderWriter.write(header.stanzas(), vector.fileKey()))
          .isEqualTo(Arrays.copyOf(file, headerLength));
    }
  }

  @Test
  void readerStopsRightAfterTheMacLine() throws IOException {
    byte[] header = HeaderWriter.write(List.of(new Stanza("X25519", List.of("abc"), new byte[32])), FILE_KEY);
    byte[] file = concat(header, "PAYLOAD".getBytes(StandardCharsets.US_ASCII));
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    Header parsed = HeaderReader.read(in);
    assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("PAYLOAD");
    assertThat(parsed.stanzas()).containsExactly(new Stanza("X25519", List.of("abc"), new byte[32]));
    assertThat(parsed.macMatches(FILE_KEY)).isTrue();
    assertThat(parsed.macMatches(new byte[16])).isFalse();
  }

  @Test
  void writerEndsEveryBodyWithAShortLine() {
    assertThat(stanzaText(new byte[0])).isEqualTo("-> t a\n\n");
    assertThat(stanzaText(new byte[32])).isEqualTo("-> t a\n" + "A".repeat(43) + "\n");
    assertThat(stanzaText(new byte[48])).isEqualTo("-> t a\n" + "A".repeat(64) + "\n\n");
    assertThat(stanzaText(new byte[50])).isEqualTo("-> t a\n" + "A".repeat(64) + "\nAAA\n");
    assertThat(stanzaText(new byte[96])).isEqualTo("-> t a\n" + "A".repeat(64) + "\n" + "A".repeat(64) + "\n\n");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 47, 48, 49, 96, 100, 1000})
  void bodiesOfAnyLengthRoundTrip(int length) throws IOException {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (i * 7 + 3);
    }
    List<Stanza> stanzas = List.of(new Stanza("grease", List.of("x", "!~"), body), new Stanza("t", List.of(), new byte[5]));
    byte[] header = HeaderWriter.write(stanzas, FILE_KEY);
    Header parsed = HeaderReader.read(new ByteArrayInputStream(header));
    assertThat(parsed.stanzas()).isEqualTo(stanzas);
    assertThat(parsed.macMatches(FILE_KEY)).isTrue();
  }

  @Test
  void writerRefusesInvalidArguments() {
    assertThatThrownBy(() -> HeaderWriter.write(List.of(new Stanza("a b", List.of(), new byte[0])), FILE_KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeaderWriter.write(List.of(new Stanza("t", List.of(""), new byte[0])), FILE_KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HeaderWriter.write(List.of(), FILE_KEY)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",                                                   // empty input
      "age-encryption.org/v2\n" + ARG_LINE + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\r\n" + ARG_LINE + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\n" + "--- MAC\n",              // no stanza
      "age-encryption.org/v1\n" + "->\n" + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\n" + "-> X25519  a\n" + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\n" + "-> X25519 a\r\n" + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\n" + "->X25519 a\n" + BODY_LINE + "--- MAC\n",
      "age-encryption.org/v1\n" + ARG_LINE + "--- MAC\n",   // missing body
      "age-encryption.org/v1\n" + ARG_LINE + "FULL64\n--- MAC\n", // missing final line
      "age-encryption.org/v1\n" + ARG_LINE + "LONG68\n\n--- MAC\n", // long line
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + BODY_LINE + "--- MAC\n", // two short lines
      "age-encryption.org/v1\n" + ARG_LINE + "QUF=\n" + "--- MAC\n", // padding
      "age-encryption.org/v1\n" + ARG_LINE + "QUF\n" + "--- MAC\n",  // not canonical
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "---\n",
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "--- \n",
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "---  MAC\n",
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "--- MAC \n",
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "---MAC\n",
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "--- AAAA\n", // truncated MAC
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "--- MAC",    // no LF at the end
      "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE,                // no MAC line
  })
  void malformedHeadersAreHeaderFailures(String text) {
    String withMac = text.replace("MAC", "A".repeat(43)).replace("FULL64", "A".repeat(64))
        .replace("LONG68", "A".repeat(68));
    assertThatThrownBy(() -> HeaderReader.read(new ByteArrayInputStream(withMac.getBytes(StandardCharsets.ISO_8859_1))))
        .isInstanceOf(AgeHeaderException.class);
  }

  @Test
  void theValidTemplateOfTheFailureCasesParses() throws IOException {
    String text = "age-encryption.org/v1\n" + ARG_LINE + BODY_LINE + "--- " + "A".repeat(43) + "\n";
    Header header = HeaderReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    assertThat(header.stanzaTypes()).containsExactly("X25519");
    assertThat(HexFormat.of().formatHex(header.mac())).isEqualTo("00".repeat(32));
  }

  private static String stanzaText(byte[] body) {
    byte[] all = HeaderWriter.encodeWithoutMac(List.of(new Stanza("t", List.of("a"), body)));
    String text = new String(all, StandardCharsets.US_ASCII);
    return text.substring("age-encryption.org/v1\n".length(), text.length() - 3);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
