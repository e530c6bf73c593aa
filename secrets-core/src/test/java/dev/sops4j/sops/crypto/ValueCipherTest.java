package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The value cipher: known answer, every type, empty values, the IV stash and its errors. */
class ValueCipherTest {
  private static final byte[] KEY = "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.US_ASCII);
  private static final String CANARY = "canary-Zq8vX1-secret";

  private static Map<String, String> vectors() throws IOException {
    return Files.readAllLines(Fixtures.path("sops/aes/cipher_test.go.vectors.txt")).stream()
        .filter(l -> !l.startsWith("#") && l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  @Test
  void knownAnswerFromSops() throws Exception {
    Map<String, String> v = vectors();
    assertThat(v.get("key_ascii")).startsWith(new String(KEY, StandardCharsets.US_ASCII));
    ValueCipher cipher = new ValueCipher(KEY);
    assertThat(cipher.decrypt(v.get("ciphertext"), v.get("aad"))).isEqualTo(new Scalar.Str(v.get("plaintext")));
    assertThatThrownBy(() -> cipher.decrypt(v.get("ciphertext"), ""))
        .isInstanceOf(SopsValueException.class)
        .hasMessage("at key '': authentication failed: wrong data key or the value was changed");
  }

  @Test
  void reEncryptingTheDecryptedValueGivesTheSameText() throws Exception {
    String enc = vectors().get("ciphertext");
    ValueCipher cipher = new ValueCipher(KEY);
    Node plain = cipher.decrypt(enc, "bar:");
    assertThat(cipher.encrypt(plain, "bar:")).isEqualTo(enc);
    assertThat(cipher.encrypt(plain, "baz:")).as("other AAD: fresh IV").isNotEqualTo(enc);
    assertThat(cipher.encrypt(new Scalar.Str("fop"), "bar:")).as("other value: fresh IV").doesNotContain(
        enc.substring(enc.indexOf("iv:"), enc.indexOf(",tag")));
  }

  @Test
  void aDecryptOnlyCipherKeepsNoIvs() throws Exception {
    Map<String, String> v = vectors();
    String enc = v.get("ciphertext");
    ValueCipher readOnly = ValueCipher.decryptOnly(KEY);
    Node plain = readOnly.decrypt(enc, "bar:");
    assertThat(plain).isEqualTo(new Scalar.Str(v.get("plaintext")));
    assertThat(readOnly.stash().keeping()).isFalse();
    assertThat(readOnly.stash().size()).isZero();
    assertThat(readOnly.encrypt(plain, "bar:")).as("no stash: fresh IV").isNotEqualTo(enc);
    IvStash.none().remember("str", new byte[] {1}, "bar:", new byte[32]);
    assertThat(IvStash.none().size()).isZero();
    assertThat(IvStash.none().lookup("str", new byte[] {1}, "bar:")).isEmpty();

    ValueCipher editing = new ValueCipher(KEY);
    editing.decrypt(enc, "bar:");
    assertThat(editing.stash().keeping()).isTrue();
    assertThat(editing.stash().size()).isEqualTo(1);
  }

  @Test
  void everyTypeRoundTrips() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    List<Node> values = List.of(
        new Scalar.Str("héllo wörld"), new Scalar.Int(-9_000_000_000L), new Scalar.Float(1e21),
        new Scalar.Float(0.1), new Scalar.Bool(true), new Scalar.Bool(false),
        new Scalar.Time(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 600, ZoneOffset.ofHours(2))),
        new Comment(" a comment"));
    for (Node value : values) {
      String enc = cipher.encrypt(value, "a:b:");
      assertThat(enc).startsWith("ENC[AES256_GCM,data:").contains(",type:" + typeOf(value) + "]");
      String iv = enc.replaceAll(".*,iv:([^,]*),.*", "$1");
      assertThat(Base64.getDecoder().decode(iv)).hasSize(32);
      String tag = enc.replaceAll(".*,tag:([^,]*),.*", "$1");
      assertThat(Base64.getDecoder().decode(tag)).hasSize(16);
      assertThat(new ValueCipher(KEY).decrypt(enc, "a:b:")).isEqualTo(value);
    }
  }

  private static String typeOf(Node value) {
    return value instanceof Comment ? "comment" : ((Scalar) value).sopsType();
  }

  @Test
  void plaintextBytesAreGoFormatted() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    assertThat(plaintextOf(cipher.encrypt(new Scalar.Float(1.0), "x:"), "x:")).isEqualTo("1");
    assertThat(plaintextOf(cipher.encrypt(new Scalar.Bool(true), "x:"), "x:")).isEqualTo("True");
    assertThat(plaintextOf(cipher.encrypt(new Scalar.Int(42), "x:"), "x:")).isEqualTo("42");
    assertThat(plaintextOf(cipher.encrypt(new Scalar.Time(
        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)), "x:"), "x:"))
        .isEqualTo("2024-01-01T00:00:00Z");
  }

  /** Re-encrypts the decrypted bytes as type bytes to read the raw plaintext of a value. */
  private static String plaintextOf(String enc, String aad) throws SopsValueException {
    String asBytes = enc.replaceAll(",type:[a-z]+\\]$", ",type:bytes]");
    Scalar.Bytes raw = (Scalar.Bytes) new ValueCipher(KEY).decrypt(asBytes, aad);
    return new String(raw.value(), StandardCharsets.UTF_8);
  }

  @Test
  void bytesAreWrittenAsStrAndInvalidUtf8DecryptsToBytes() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 'a'};
    String enc = cipher.encrypt(new Scalar.Bytes(binary), "data:");
    assertThat(enc).endsWith(",type:str]");
    assertThat(new ValueCipher(KEY).decrypt(enc, "data:")).isEqualTo(new Scalar.Bytes(binary));
    String utf8 = cipher.encrypt(new Scalar.Bytes("text".getBytes(StandardCharsets.UTF_8)), "data:");
    assertThat(new ValueCipher(KEY).decrypt(utf8, "data:")).isEqualTo(new Scalar.Str("text"));
  }

  @Test
  void emptyValuesStayEmpty() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    assertThat(cipher.encrypt(new Scalar.Str(""), "a:")).isEmpty();
    assertThat(cipher.encrypt(new Scalar.Bytes(new byte[0]), "a:")).isEmpty();
    assertThat(cipher.encrypt(new Comment(""), "a:")).isEmpty();
    assertThat(cipher.decrypt("", "a:")).isEqualTo(new Scalar.Str(""));
  }

  @Test
  void ivStashIsSharedAndKeyedByTypeValueAndPath() throws Exception {
    IvStash stash = new IvStash();
    ValueCipher first = new ValueCipher(KEY, stash, new SecureRandom());
    String enc = first.encrypt(new Scalar.Int(7), "n:");
    ValueCipher second = new ValueCipher(KEY, stash, new SecureRandom());
    second.decrypt(enc, "n:");
    assertThat(stash.size()).isEqualTo(1);
    assertThat(second.encrypt(new Scalar.Int(7), "n:")).isEqualTo(enc);
    assertThat(second.encrypt(new Scalar.Str("7"), "n:")).as("same bytes, other type").isNotEqualTo(
        enc.replace("type:int", "type:str"));
    assertThat(stash.toString()).doesNotContain("7");
  }

  @Test
  void malformedValuesNameThePathOnly() {
    ValueCipher cipher = new ValueCipher(KEY);
    String[] bad = {
        CANARY,
        "ENC[AES256_GCM,data:" + CANARY + "!,iv:AAAA,tag:AAAA,type:str]",
        "ENC[AES256_GCM,data:AAAA,iv:,tag:AAAA,type:str]",
        "ENC[AES256_GCM,data:AAA,iv:AAAA,tag:AAAA,type:str]",
        "ENC[AES128_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]",
    };
    for (String value : bad) {
      assertThatThrownBy(() -> cipher.decrypt(value, "db:password:"))
          .isInstanceOf(SopsValueException.class)
          .hasMessageStartingWith("at key 'db:password:': ")
          .hasMessageContaining("malformed ENC value")
          .hasMessageNotContaining(CANARY);
    }
  }

  @Test
  void tamperingAndWrongKeysFailAuthentication() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    String enc = cipher.encrypt(new Scalar.Str(CANARY), "a:");
    Matcher m = Pattern.compile("data:([^,]*),").matcher(enc);
    assertThat(m.find()).isTrue();
    byte[] data = Base64.getDecoder().decode(m.group(1));
    data[0] ^= 1;
    String flipped = enc.replace(m.group(1), Base64.getEncoder().encodeToString(data));
    assertThatThrownBy(() -> cipher.decrypt(flipped, "a:"))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("authentication failed")
        .hasMessageNotContaining(CANARY);
    byte[] other = Arrays.copyOf(KEY, 32);
    other[31] ^= 1;
    assertThatThrownBy(() -> new ValueCipher(other).decrypt(enc, "a:"))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("authentication failed");
    assertThatThrownBy(() -> cipher.decrypt(enc.replace("type:str", "type:float"), "a:"))
        .as("the type is not authenticated, but the plaintext must parse")
        .isInstanceOf(SopsValueException.class).hasMessageContaining("does not parse as type float")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> cipher.decrypt(enc.replace("type:str", "type:strange"), "a:"))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("unknown type 'strange'");
  }

  @Test
  void cannotEncryptNull() {
    assertThatThrownBy(() -> new ValueCipher(KEY).encrypt(Scalar.Null.INSTANCE, "a:"))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("null");
    assertThatThrownBy(() -> new ValueCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ValueCipher(KEY).toString()).doesNotContain("ffff");
  }

  @Test
  void prefixRule() {
    assertThat(ValueCipher.isEncrypted("ENC[AES256_GCM,data:a,iv:b,tag:c,type:str]")).isTrue();
    assertThat(ValueCipher.isEncrypted("ENC[AES256_GCM,data:a,iv:b,tag:c,type:str] trailing")).isTrue();
    assertThat(ValueCipher.isEncrypted(" ENC[AES256_GCM,data:a,iv:b,tag:c,type:str]")).isFalse();
    assertThat(ValueCipher.isEncrypted("plain")).isFalse();
  }
}
