package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class X25519Test {
  static final String SPEC_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";
  static final String SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";
  static final String CCTV_IDENTITY = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
  static final String CCTV_RECIPIENT = "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef";
  static final byte[] FILE_KEY = "YELLOW SUBMARINE".getBytes(StandardCharsets.US_ASCII);

  @Test
  void specExampleKeyPair() throws AgeKeyException {
    X25519Identity identity = X25519Identity.parse(SPEC_IDENTITY);
    assertThat(identity.encode()).isEqualTo(SPEC_IDENTITY);
    assertThat(identity.recipient().encode()).isEqualTo(SPEC_RECIPIENT);
    byte[] scalar = new byte[32];
    Arrays.fill(scalar, (byte) 0x42);
    assertThat(X25519Identity.fromScalar(scalar).encode()).isEqualTo(SPEC_IDENTITY);
    assertThat(X25519Recipient.parse(SPEC_RECIPIENT)).isEqualTo(identity.recipient());
  }

  @Test
  void cctvSanityKeyPair() throws AgeKeyException {
    assertThat(X25519Identity.parse(CCTV_IDENTITY).recipient().toString()).isEqualTo(CCTV_RECIPIENT);
  }

  @Test
  void secretKeyIsStoredUnclamped() throws AgeKeyException {
    // ssh-to-age's id_ed25519 conversion: SHA-512(seed)[:32] = b459…e432 has its low bits set
    // (0xb4 & 7 = 4), so a clamping implementation would print a different string.
    String identity = "AGE-SECRET-KEY-1K3VN4N03PTHJWSJSCCMQCN33RY5FSKQPJ4KRRTG3JMQUYE0TUSEQEDH6V8";
    byte[] scalar = HexFormat.of().parseHex("b4593acdf10aef274250c6360c4e311928985801956c31ad1196c1c265ebe432");
    X25519Identity fromScalar = X25519Identity.fromScalar(scalar);
    assertThat(fromScalar.encode()).isEqualTo(identity);
    assertThat(X25519Identity.parse(identity).encode()).isEqualTo(identity);
    assertThat(fromScalar.recipient().encode())
        .isEqualTo("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
  }

  @Test
  void keyStringsRequireTheirCase() {
    assertThatThrownBy(() -> X25519Identity.parse(SPEC_IDENTITY.toLowerCase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("upper-case");
    assertThatThrownBy(() -> X25519Recipient.parse(SPEC_RECIPIENT.toUpperCase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> X25519Identity.parse(SPEC_RECIPIENT)).isInstanceOf(AgeKeyException.class);
    assertThatThrownBy(() -> X25519Recipient.parse(SPEC_IDENTITY)).isInstanceOf(AgeKeyException.class);
  }

  @Test
  void keysMustBe32Bytes() {
    String shortRecipient = Bech32.encode("age", new byte[31]);
    String longIdentity = Bech32.encode("AGE-SECRET-KEY-", new byte[33]);
    assertThatThrownBy(() -> X25519Recipient.parse(shortRecipient)).hasMessageContaining("31 bytes");
    assertThatThrownBy(() -> X25519Identity.parse(longIdentity)).hasMessageContaining("33 bytes");
    assertThatThrownBy(() -> X25519Identity.fromScalar(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> X25519Recipient.fromPublicKey(new byte[33])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseErrorsDoNotEchoTheKey() {
    String broken = SPEC_IDENTITY.substring(0, SPEC_IDENTITY.length() - 1) + "Q";
    assertThatThrownBy(() -> X25519Identity.parse(broken))
        .isInstanceOf(AgeKeyException.class)
        .hasMessageContaining("checksum")
        .hasMessageNotContaining("GFPYY");
  }

  @Test
  void toStringShowsOnlyTypeAndRecipient() throws AgeKeyException {
    X25519Identity identity = X25519Identity.parse(SPEC_IDENTITY);
    assertThat(identity.toString()).contains("X25519").contains(SPEC_RECIPIENT)
        .doesNotContain("GFPYY").doesNotContain("gfpyy");
    assertThat(identity.type()).isEqualTo("X25519");
    assertThat(identity.recipient().type()).isEqualTo("X25519");
  }

  @Test
  void generateGivesDistinctWorkingKeys() throws AgeException {
    X25519Identity a = X25519Identity.generate();
    X25519Identity b = X25519Identity.generate();
    assertThat(a.encode()).startsWith("AGE-SECRET-KEY-1").hasSize(74).isNotEqualTo(b.encode());
    assertThat(a.recipient().encode()).startsWith("age1").hasSize(62);
    assertThat(X25519Identity.parse(a.encode()).recipient()).isEqualTo(a.recipient());
    assertThat(a.recipient()).isNotEqualTo(b.recipient());
    assertThat(a.recipient().hashCode()).isEqualTo(X25519Recipient.parse(a.recipient().encode()).hashCode());
  }

  @Test
  void wrapThenUnwrap() throws AgeException {
    X25519Identity identity = X25519Identity.generate();
    List<Stanza> stanzas = identity.recipient().wrap(FILE_KEY);
    assertThat(stanzas).hasSize(1);
    Stanza stanza = stanzas.get(0);
    assertThat(stanza.type()).isEqualTo("X25519");
    assertThat(stanza.args()).hasSize(1);
    assertThat(stanza.args().get(0)).hasSize(43);
    assertThat(stanza.body()).hasSize(32);
    assertThat(identity.unwrap(stanzas)).hasValue(FILE_KEY);
    // A fresh ephemeral share every time.
    assertThat(identity.recipient().wrap(FILE_KEY).get(0).args()).isNotEqualTo(stanza.args());
    assertThat(X25519Identity.generate().unwrap(stanzas)).isEmpty();
  }

  @Test
  void ignoresOtherTypesAndFindsItsStanzaAmongSeveral() throws AgeException {
    X25519Identity identity = X25519Identity.generate();
    Stanza mine = identity.recipient().wrap(FILE_KEY).get(0);
    Stanza other = X25519Identity.generate().recipient().wrap(FILE_KEY).get(0);
    Stanza grease = new Stanza("grease", List.of("x", "y"), new byte[7]);
    Stanza lowercase = new Stanza("x25519", mine.args(), mine.body());
    assertThat(identity.unwrap(List.of(grease, other, mine))).hasValue(FILE_KEY);
    assertThat(identity.unwrap(List.of(grease, lowercase))).isEmpty();
  }

  @Test
  void rejectsMalformedStanzas() throws AgeException {
    X25519Identity identity = X25519Identity.generate();
    Stanza good = identity.recipient().wrap(FILE_KEY).get(0);
    String share = good.args().get(0);
    byte[] shareBytes = StrictBase64.decode(share).orElseThrow();
    List<Stanza> bad = List.of(
        new Stanza("X25519", List.of(share, "extra"), good.body()),
        new Stanza("X25519", List.of(), good.body()),
        new Stanza("X25519", List.of(StrictBase64.encode(Arrays.copyOf(shareBytes, 31))), good.body()),
        new Stanza("X25519", List.of(StrictBase64.encode(Arrays.copyOf(shareBytes, 33))), good.body()),
        new Stanza("X25519", List.of(share + "="), good.body()),
        new Stanza("X25519", List.of(notCanonical(share)), good.body()),
        new Stanza("X25519", good.args(), Arrays.copyOf(good.body(), 33)),
        new Stanza("X25519", good.args(), Arrays.copyOf(good.body(), 31)));
    for (Stanza stanza : bad) {
      assertThatThrownBy(() -> identity.unwrap(List.of(stanza)))
          .as(stanza.toString()).isInstanceOf(AgeHeaderException.class);
    }
  }

  @Test
  void lowOrderShareIsAHeaderFailure() throws AgeException {
    X25519Identity identity = X25519Identity.generate();
    byte[] body = new byte[32];
    for (byte[] point : List.of(new byte[32], littleEndianOne())) {
      Stanza stanza = new Stanza("X25519", List.of(StrictBase64.encode(point)), body);
      assertThatThrownBy(() -> identity.unwrap(List.of(stanza)))
          .isInstanceOf(AgeHeaderException.class).hasMessageContaining("low-order");
    }
  }

  @Test
  void badTagIsNotMine() throws AgeException {
    X25519Identity identity = X25519Identity.generate();
    Stanza good = identity.recipient().wrap(FILE_KEY).get(0);
    byte[] body = good.body();
    body[31] ^= 1;
    assertThat(identity.unwrap(List.of(new Stanza("X25519", good.args(), body)))).isEmpty();
  }

  @Test
  void wrappingToALowOrderRecipientFails() {
    X25519Recipient zero = X25519Recipient.fromPublicKey(new byte[32]);
    assertThatThrownBy(() -> zero.wrap(FILE_KEY)).isInstanceOf(AgeException.class);
  }

  static Stream<String> cctvX25519Vectors() {
    return CctvVector.stanzaVectorNames("x25519");
  }

  /** Every CCTV x25519_* vector, at the stanza level: its stanzas through X25519Identity. */
  @ParameterizedTest
  @MethodSource("cctvX25519Vectors")
  void cctvX25519Vector(String name) throws IOException {
    CctvVector.load(name).checkStanzaOutcome();
  }

  private static byte[] littleEndianOne() {
    byte[] p = new byte[32];
    p[0] = 1;
    return p;
  }

  /** The same 32 bytes with a non-zero unused low bit in the last character. */
  private static String notCanonical(String share) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char last = share.charAt(share.length() - 1);
    return share.substring(0, share.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
  }
}
