package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The post-quantum hybrid type mlkem768x25519: keys, the X-Wing KEM, the HPKE key schedule, stanza
 * rules, and the hybrid CCTV vectors (unwrapped stanza by stanza, and end to end through {@link Age}).
 */
class MlKem768X25519Test {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CCTV_FILE_KEY = HEX.parseHex("59454c4c4f57205355424d4152494e45");

  /** The example key pair of C2SP age.md, "The MLKEM768-X25519 (i.e. X-Wing) hybrid post-quantum recipient type". */
  private static final String SPEC_IDENTITY =
      "AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR";
  private static final String SPEC_RECIPIENT = "age1pq1x34nzsvr0rxjsgdn8zgyhfe8j7ceq5r9rdelkjuh3y235jzxshfg87pzf5zrqtzdxz95paef6caq5aapdmwjjqpjfdyxnzr2zampc3uxy0dg4z2n2gm9su72p0pc3u0jvev55l694v78snxg3yzvcl7yda0eyytqj6a0ec477lnhcy5hzpz4zq3pxanve4cn62gqj3pjy5lqj9c6kyj4v2z8alktn8zh99970x79gjkv7522hv9kfz35zsnxhsx8wwtmu9cy3ftzjgwcp4sshn3llnylnpdsyz5jm72vefv4x5vfwytrefxg4wq3mv42wcrvkj742479zrxzpvp2p3e9fed9f0739vcu80r7ma28qfhnvlv4gfzel9q654dj3zmuvvz893azhxdvs9fxd0r7jzchzcfcs5mkyyjxhw0n2z6dvp9yn9qfdp29h0azxqyjw6v7fhyuzj7zel0uq6j9rd7wgrpz7mf5dnj43jwsgvrc8qcnhy7tu6dkdujuxzkp9xj43xe8h92ktre2a3u3s8mm5mrp9nr9pwkgtz4mdlq9hgn4fps4k57ff6wddn2fy23t47sm20r8km8sd2pcyyafnet8f0dajsrlyjeah4n3mssr6aseevuuskdvq5lzguyvpgwpta742c6698vgutzqgny8usfg0w2he7kq5vyxjd0f9hqg8xk26y9e4th0gezq92q4cpp5p2y9hf5f2cje5l0c3sa3a2qxmm38pxxvhxh99yzmfz0zk7r2s64nnwjhkfgfr3gf8xnmppcgmaykvh5sh6g7vk9790rf8ws0axmr2t7z8aae5fq2029uvcn2ghgt4fu4wgwdc0k0cz52qkvwmuzj8p8k5jgf3xzk5zmrkavjekjrpeq408xz3zxazwkc6tyfmhayrkfpjhwtz5mp8j8guqe43k2q6m2kte03vrw27y3wmqyu5etmt9dnkwcnnpmu9gz9dekfhdevf42ucshphnrk38ra6hx8w5f8q5ru0xdhrjxmwqf6cused7zc5xvq43r0zscjglpwlptpwydhqw64xz7ptjdyeyzpq2zkxtmzg29gzjpvzva4d3l0cenn9xs297wf4y4ukwrunf57xj6pm7nvrkwvtrt8hwcmgv8x7ajw7258ugf9wvkmk4052ekg87tw5vnx8nq2swyzv77v8yqlwsenvamr0zssknwts8rrhfuwj7ykysnq9jxy0uv3kuyt22djszjdtvpz6d0s0kwh8ryynddzud92emeyvvyqktd0jtj7rvvg5gch25v8smlvny3kvn5gagyz475ze2y6q466xqmz2n3hs77lddeqyta2nch5k2u5yacuk9ywnwfdzvyejnucz724hj77hrrmakm7pr3kxsrxq22ejexlud9fy2kdqmkg5yncz7jm5wv2qjk5w5kvcpqsry2yqffh2la52dxfjkjq5rzhjzeyn6dupn0qwtyv7s4lwg3xdarsdlwe2y3tujy480y7z39q259fzx6jhd2j0f5hagqpcpees7hzc2yrk5cy788uk3s7qvp5cpepx24gvws3m2g433exgwppnkjscec8qu4y9z9r7vccexjcjaen42245lmgmxmuavg9alej92322gvvyy2t6267v09ch64y0m53jff0vjj96s0ypk60hr3jw4myd6m5hpn3xjstx7tl2szhpr5qe8jj08ydjc4wy2rch2fhuy3pdfjax5awe9j99ly5hkntzz9fe5zatgjvzdd0kgtxs25njnajyf6ssekp7gelxquusn4pt25czh3scj68kq79wdn5tgm6yvm9nzavrg043x3msnygf8dweknw5jmqd0uvny6ttsn09508k0c55zfnegrm9efhxpfqdkmhh6gjtqmwze9pyyzk3tlhl53k2ykx3qheyty7saeq0d3fzv49zc0k";

  // ---------------------------------------------------------------- keys

  @Test
  void specExampleIdentityGivesSpecExampleRecipient() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.parse(SPEC_IDENTITY);
    assertThat(id.recipient().encode()).isEqualTo(SPEC_RECIPIENT);
    assertThat(id.encode()).isEqualTo(SPEC_IDENTITY);
    assertThat(SPEC_RECIPIENT).hasSize(1959);
    MlKem768X25519Recipient r = MlKem768X25519Recipient.parse(SPEC_RECIPIENT);
    assertThat(r).isEqualTo(id.recipient());
    assertThat(r.publicKey()).hasSize(1216);
    assertThat(r.toString()).isEqualTo(SPEC_RECIPIENT);
  }

  @Test
  void generatedIdentityRoundTripsThroughItsString() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    String text = id.encode();
    assertThat(text).startsWith("AGE-SECRET-KEY-PQ-1").isUpperCase().hasSize(77);
    MlKem768X25519Identity again = MlKem768X25519Identity.parse(text);
    assertThat(again.recipient()).isEqualTo(id.recipient());
    assertThat(id.recipient().encode()).startsWith("age1pq1").hasSize(1959);
    assertThat(MlKem768X25519Identity.generate().recipient()).isNotEqualTo(id.recipient());
  }

  @Test
  void toStringNeverShowsTheSecret() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.parse(SPEC_IDENTITY);
    String secretData = SPEC_IDENTITY.substring("AGE-SECRET-KEY-PQ-1".length());
    assertThat(id.toString()).doesNotContain(secretData).doesNotContainIgnoringCase(secretData.substring(0, 12))
        .startsWith("MlKem768X25519Identity[age1pq1");
  }

  @Test
  void identityStringsWithTheWrongShapeAreRejected() {
    // lower-case HRP for a secret key
    assertThatThrownBy(() -> MlKem768X25519Identity.parse(SPEC_IDENTITY.toLowerCase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("upper-case");
    // an X25519 secret key is not a post-quantum identity
    assertThatThrownBy(() -> MlKem768X25519Identity.parse(
        "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"))
        .isInstanceOf(AgeKeyException.class).hasMessageNotContaining("GFPYYSJZ");
    // 31 bytes under the right HRP
    assertThatThrownBy(() -> MlKem768X25519Identity.parse(Bech32.encode("AGE-SECRET-KEY-PQ-", new byte[31])))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("31 bytes");
    // one character changed: bad checksum, and the message does not echo the key
    String broken = SPEC_IDENTITY.substring(0, 30) + (SPEC_IDENTITY.charAt(30) == 'Q' ? 'P' : 'Q')
        + SPEC_IDENTITY.substring(31);
    assertThatThrownBy(() -> MlKem768X25519Identity.parse(broken))
        .isInstanceOf(AgeKeyException.class).hasMessageNotContaining(broken.substring(19, 40));
  }

  @Test
  void recipientStringsWithTheWrongShapeAreRejected() throws Exception {
    assertThatThrownBy(() -> MlKem768X25519Recipient.parse(SPEC_RECIPIENT.toUpperCase()))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> MlKem768X25519Recipient.parse(
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"))
        .isInstanceOf(AgeKeyException.class);
    byte[] pk = MlKem768X25519Recipient.parse(SPEC_RECIPIENT).publicKey();
    assertThatThrownBy(() -> MlKem768X25519Recipient.parse(Bech32.encode("age1pq", Arrays.copyOf(pk, 1215))))
        .isInstanceOf(AgeKeyException.class).hasMessageContaining("1216");
    // the first ML-KEM coefficient set to 0xfff >= q = 3329: fails the FIPS 203 modulus check
    byte[] bad = pk.clone();
    bad[0] = (byte) 0xff;
    bad[1] = (byte) (bad[1] | 0x0f);
    assertThatThrownBy(() -> MlKem768X25519Recipient.parse(Bech32.encode("age1pq", bad)))
        .isInstanceOf(AgeKeyException.class);
  }

  @Test
  void recipientTypeAndLabels() throws Exception {
    MlKem768X25519Recipient r = MlKem768X25519Recipient.parse(SPEC_RECIPIENT);
    assertThat(r.type()).isEqualTo("mlkem768x25519");
    assertThat(r.labels()).isEqualTo(Set.of("postquantum"));
    assertThat(MlKem768X25519Identity.parse(SPEC_IDENTITY).type()).isEqualTo("mlkem768x25519");
  }

  // ---------------------------------------------------------------- KEM and HPKE

  /** Known answer computed with @noble/post-quantum 0.5.4 (MLKEM768X25519, the peer typage uses). */
  @Test
  void xwingMatchesAnIndependentImplementation() throws Exception {
    byte[] seed = new byte[32];
    byte[] mlkemRandomness = new byte[32];
    byte[] ephemeral = new byte[32];
    for (int i = 0; i < 32; i++) {
      seed[i] = (byte) (i + 1);
      mlkemRandomness[i] = (byte) (0x80 + i);
      ephemeral[i] = (byte) (0xa0 + i);
    }
    XWing.PrivateKey key = XWing.derive(seed);
    XWing.Encapsulation e = XWing.encapsulate(key.publicKey(), mlkemRandomness, ephemeral);
    assertThat(sha256Hex(key.publicKey()))
        .isEqualTo("b5c2aa87ed64ba71bad2b5f4f57a2b9c8601b2fdbb54bba03ae83aa49516d29e");
    assertThat(sha256Hex(e.enc())).isEqualTo("3fd4d360929a3a2358868312622f86bf822c9b52bff80c3cdc29b4bbf2d8ff6b");
    assertThat(HEX.formatHex(e.sharedSecret()))
        .isEqualTo("a6313c4b41828a2635d5d8d13e9feca5eee8181dc2f6786ba0bf047e7403bab5");
    assertThat(XWing.decapsulate(key, e.enc())).hasValueSatisfying(ss -> assertThat(ss).isEqualTo(e.sharedSecret()));
    assertThat(key.toString()).doesNotContain(HEX.formatHex(seed));
  }

  /** RFC 9180 Appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode. */
  @Test
  void hpkeKeyScheduleMatchesRfc9180() {
    Hpke.Context ctx = Hpke.keySchedule(0x0020,
        HEX.parseHex("0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7"),
        HEX.parseHex("4f6465206f6e2061204772656369616e2055726e"));
    assertThat(HEX.formatHex(ctx.key())).isEqualTo("ad2744de8e17f4ebba575b3f5f5a8fa1f69c2a07f6e7500bc60ca6e3e3ec1c91");
    assertThat(HEX.formatHex(ctx.baseNonce())).isEqualTo("5c4d98150661b848853b547f");
  }

  // ---------------------------------------------------------------- wrap / unwrap

  @Test
  void wrapThenUnwrapGivesTheFileKeyBack() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    byte[] fileKey = Primitives.random(16);
    List<Stanza> stanzas = id.recipient().wrap(fileKey);
    assertThat(stanzas).hasSize(1);
    Stanza s = stanzas.get(0);
    assertThat(s.type()).isEqualTo("mlkem768x25519");
    assertThat(s.args()).hasSize(1);
    assertThat(StrictBase64.decode(s.args().get(0))).hasValueSatisfying(enc -> assertThat(enc).hasSize(1120));
    assertThat(s.body()).hasSize(32);
    assertThat(id.unwrap(stanzas)).hasValueSatisfying(k -> assertThat(k).isEqualTo(fileKey));
    // fresh randomness per wrap
    assertThat(id.recipient().wrap(fileKey).get(0).args()).isNotEqualTo(s.args());
  }

  @Test
  void anotherIdentityDoesNotMatch() throws Exception {
    List<Stanza> stanzas = MlKem768X25519Identity.generate().recipient().wrap(CCTV_FILE_KEY);
    assertThat(MlKem768X25519Identity.generate().unwrap(stanzas)).isEmpty();
  }

  @Test
  void otherStanzaTypesAreIgnoredAndTheRightOneIsFound() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    Stanza mine = id.recipient().wrap(CCTV_FILE_KEY).get(0);
    Stanza grease = new Stanza("grease", List.of("a", "b", "c"), new byte[7]);
    Stanza upper = new Stanza("MLKEM768X25519", List.of("x"), new byte[3]);
    Stanza notMine = MlKem768X25519Identity.generate().recipient().wrap(CCTV_FILE_KEY).get(0);
    Stanza x25519 = X25519Identity.generate().recipient().wrap(CCTV_FILE_KEY).get(0);
    assertThat(id.unwrap(List.of(grease, upper, x25519, notMine, mine)))
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(CCTV_FILE_KEY));
    assertThat(id.unwrap(List.of(grease, upper, x25519))).isEmpty();
  }

  @Test
  void aDamagedBodyIsNotMine() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    Stanza s = id.recipient().wrap(CCTV_FILE_KEY).get(0);
    byte[] body = s.body();
    body[31] ^= 1;
    assertThat(id.unwrap(List.of(new Stanza(s.type(), s.args(), body)))).isEmpty();
  }

  @Test
  void stanzaShapeErrorsAreHeaderFailures() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    Stanza s = id.recipient().wrap(CCTV_FILE_KEY).get(0);
    String enc = s.args().get(0);
    byte[] encBytes = StrictBase64.decode(enc).orElseThrow();
    List<Stanza> bad = List.of(
        new Stanza(s.type(), List.of(), s.body()),
        new Stanza(s.type(), List.of(enc, "extra"), s.body()),
        new Stanza(s.type(), List.of(StrictBase64.encode(Arrays.copyOf(encBytes, 1119))), s.body()),
        new Stanza(s.type(), List.of(StrictBase64.encode(Arrays.copyOf(encBytes, 1121))), s.body()),
        new Stanza(s.type(), List.of(enc + "="), s.body()),
        new Stanza(s.type(), List.of(enc), Arrays.copyOf(s.body(), 31)),
        new Stanza(s.type(), List.of(enc), Arrays.copyOf(s.body(), 33)));
    for (Stanza b : bad) {
      assertThatThrownBy(() -> id.unwrap(List.of(b)))
          .as("%s", b).isInstanceOf(AgeHeaderException.class).hasMessageContaining("mlkem768x25519");
    }
    // 1120 bytes encode to 1494 characters with two unused bits: setting them is not canonical
    char last = enc.charAt(enc.length() - 1);
    String nonCanonical = enc.substring(0, enc.length() - 1) + (char) (last + 1);
    assertThat(StrictBase64.decode(nonCanonical)).isEmpty();
    assertThatThrownBy(() -> id.unwrap(List.of(new Stanza(s.type(), List.of(nonCanonical), s.body()))))
        .isInstanceOf(AgeHeaderException.class);
  }

  @Test
  void aLowOrderX25519ShareIsAHeaderFailure() throws Exception {
    MlKem768X25519Identity id = MlKem768X25519Identity.generate();
    Stanza s = id.recipient().wrap(CCTV_FILE_KEY).get(0);
    byte[] enc = StrictBase64.decode(s.args().get(0)).orElseThrow();
    Arrays.fill(enc, 1088, 1120, (byte) 0); // the X25519 part is the point 0
    assertThatThrownBy(() -> id.unwrap(List.of(new Stanza(s.type(), List.of(StrictBase64.encode(enc)), s.body()))))
        .isInstanceOf(AgeHeaderException.class).hasMessageContaining("low-order");
  }

  @Test
  void severalPostQuantumRecipientsShareAFileThroughAge() throws Exception {
    MlKem768X25519Identity a = MlKem768X25519Identity.generate();
    MlKem768X25519Identity b = MlKem768X25519Identity.generate();
    byte[] plaintext = "post-quantum payload".getBytes(StandardCharsets.UTF_8);
    byte[] file = Age.encrypt(plaintext, List.of(a.recipient(), b.recipient()));
    String header = new String(file, 0, 40, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("age-encryption.org/v1\n-> mlkem768x25519 ");
    assertThat(Age.decrypt(file, List.of(a))).isEqualTo(plaintext);
    assertThat(Age.decrypt(file, List.of(b))).isEqualTo(plaintext);
    assertThatThrownBy(() -> Age.decrypt(file, List.of(MlKem768X25519Identity.generate())))
        .isInstanceOf(NoIdentityMatchException.class);
  }

  @Test
  void aPostQuantumRecipientCannotShareAFileWithAClassicOne() {
    List<Recipient> mixed = List.of(MlKem768X25519Identity.generate().recipient(), X25519Identity.generate().recipient());
    assertThatThrownBy(() -> Age.encrypt(new byte[1], mixed)).isInstanceOf(AgeKeyException.class)
        .hasMessageContaining("postquantum");
  }

  // ---------------------------------------------------------------- CCTV hybrid vectors

  static Stream<String> hybridVectors() {
    return CctvVector.names(n -> n.contains("hybrid"));
  }

  @Test
  void thereAreNineteenHybridVectors() {
    assertThat(hybridVectors()).hasSize(19);
  }

  /** Unwraps each vector's stanzas directly, and checks the header MAC with the unwrapped key. */
  @ParameterizedTest
  @MethodSource("hybridVectors")
  void hybridVectorStanzaByStanza(String name) throws Exception {
    CctvVector v = CctvVector.load(name);
    String outcome = new HybridVector(v).unwrapOutcome();
    switch (v.expect()) {
      case "success" -> assertThat(outcome).isEqualTo("file key " + HEX.formatHex(CCTV_FILE_KEY) + ", MAC ok");
      case "no match" -> assertThat(outcome).isEqualTo("no match");
      case "header failure" -> assertThat(outcome).startsWith("header failure");
      default -> throw new AssertionError("unexpected expectation " + v.expect());
    }
  }

  /** The same vectors end to end through the Age facade: outcome class, and the payload hash on success. */
  @ParameterizedTest
  @MethodSource("hybridVectors")
  void hybridVectorThroughTheFacade(String name) throws Exception {
    CctvVector v = CctvVector.load(name);
    List<Identity> ids = v.parsedIdentities();
    byte[] plaintext;
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(v.ageFile()), ids)) {
      plaintext = in.readAllBytes();
    } catch (AgeException e) {
      String kind = e instanceof NoIdentityMatchException ? "no match"
          : e instanceof AgeHeaderException ? "header failure" : e.getClass().getSimpleName();
      assertThat(kind).as("%s: %s", name, e.getMessage()).isEqualTo(v.expect());
      return;
    }
    assertThat(v.expect()).isEqualTo("success");
    assertThat(sha256Hex(plaintext)).isEqualTo(v.payloadSha256().orElseThrow());
  }

  private static String sha256Hex(byte[] data) throws Exception {
    return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  /** Stanza-level evaluation of a CCTV vector (read by the shared {@link CctvVector}). */
  private static final class HybridVector {
    private final CctvVector v;

    HybridVector(CctvVector v) {
      this.v = v;
    }

    /** The binary age file: de-armored (leniently: this test is not about armor) when armored. */
    byte[] binary() {
      if (!v.armored()) {
        return v.ageFile();
      }
      String text = new String(v.ageFile(), StandardCharsets.US_ASCII).strip();
      String inner = text.substring(text.indexOf('\n') + 1, text.lastIndexOf('\n'));
      return Base64.getMimeDecoder().decode(inner);
    }

    /** Parses the header, tries every identity, checks the MAC: describes what happened. */
    String unwrapOutcome() throws Exception {
      byte[] file = binary();
      List<Stanza> stanzas = new ArrayList<>();
      int pos = 0;
      int macStart = -1;
      String current = null;
      List<String> args = null;
      var body = new java.io.ByteArrayOutputStream();
      while (macStart < 0) {
        int end = indexOf(file, pos, (byte) '\n');
        if (end < 0) {
          return "header failure: no end";
        }
        String line = new String(file, pos, end - pos, StandardCharsets.ISO_8859_1);
        int lineStart = pos;
        pos = end + 1;
        if (lineStart == 0) {
          continue; // version line
        }
        if (line.startsWith("-> ") || line.startsWith("---")) {
          if (current != null) {
            return "header failure: stanza without a final short line";
          }
          if (line.startsWith("---")) {
            macStart = lineStart;
          } else {
            List<String> parts = List.of(line.substring(3).split(" ", -1));
            current = parts.get(0);
            args = parts.subList(1, parts.size());
            body.reset();
          }
        } else {
          if (current == null) {
            return "header failure: body line outside a stanza";
          }
          Optional<byte[]> decoded = StrictBase64.decode(line);
          if (decoded.isEmpty() || line.length() > 64) {
            return "header failure: bad body line";
          }
          body.write(decoded.get());
          if (line.length() < 64) {
            stanzas.add(new Stanza(current, args, body.toByteArray()));
            current = null;
          }
        }
      }
      byte[] mac = StrictBase64.decode(new String(file, macStart + 4, 43, StandardCharsets.US_ASCII)).orElseThrow();
      Optional<byte[]> fileKey = Optional.empty();
      for (Identity id : v.parsedIdentities()) {
        try {
          fileKey = id.unwrap(stanzas);
        } catch (AgeHeaderException e) {
          return "header failure: " + e.getMessage();
        }
        if (fileKey.isPresent()) {
          break;
        }
      }
      if (fileKey.isEmpty()) {
        return "no match";
      }
      byte[] hmacKey = Primitives.hkdf(fileKey.get(), new byte[0], "header");
      byte[] expected = Primitives.hmacSha256(hmacKey, file, 0, macStart + 3);
      return "file key " + HEX.formatHex(fileKey.get()) + (Arrays.equals(expected, mac) ? ", MAC ok" : ", bad MAC");
    }

    private static int indexOf(byte[] data, int from, byte b) {
      for (int i = from; i < data.length; i++) {
        if (data[i] == b) {
          return i;
        }
      }
      return -1;
    }
  }
}
