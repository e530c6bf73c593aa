package dev.sops4j.sops.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonStoreTest {
  private static final String CANARY = "CANARY-7f3a9";
  private final Store store = Format.JSON.store();

  private static byte[] fixture(String path) throws Exception {
    return Files.readAllBytes(Fixtures.path(path));
  }

  @ParameterizedTest
  @CsvSource({
      "sops/example.json, sops__example.json.derived.txt, 11",
      "sops/functional-tests/res/format.enc.json, sops__functional-tests__res__format.enc.json.derived.txt, 1",
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.json, sops-nix__secrets.json.derived.txt, 1"})
  void fixturesReadWithTheDerivedValuesAndKeyPaths(String path, String derived, int encrypted)
      throws Exception {
    EncryptedFile file = store.readEncrypted(fixture(path), path);
    assertThat(file.documents().first().get("sops")).isEmpty();
    assertThat(EncryptedValues.leaves(file.documents()).stream()
        .filter(EncryptedValues.Leaf::encrypted).count()).isEqualTo(encrypted);
    EncryptedValues.assertMatchesDerived(file, EncryptedValues.derived(derived));
  }

  @Test
  void exampleMetadataKeepsTheOldLayoutWithNullsAndTwoPgpKeys() throws Exception {
    Mapping md = store.readEncrypted(fixture("sops/example.json"), "example.json").metadata();
    assertThat(md.fields()).extracting(Field::key).containsExactly(
        "kms", "gcp_kms", "azure_kv", "lastmodified", "mac", "pgp", "unencrypted_suffix", "version");
    assertThat(md.get("kms")).contains(Scalar.Null.INSTANCE);
    Sequence pgp = (Sequence) md.get("pgp").orElseThrow();
    assertThat(pgp.items()).hasSize(2);
    Mapping first = (Mapping) pgp.items().get(0);
    assertThat(first.get("fp")).contains(new Scalar.Str("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"));
    assertThat(first.get("created_at")).contains(new Scalar.Str("2019-12-10T22:45:55Z"));
    assertThat(((Scalar.Str) first.get("enc").orElseThrow()).value())
        .startsWith("-----BEGIN PGP MESSAGE-----\n\n").endsWith("-----END PGP MESSAGE-----");
    assertThat(md.get("unencrypted_suffix")).contains(new Scalar.Str("_unencrypted"));
    assertThat(md.get("version")).contains(new Scalar.Str("3.5.0"));
  }

  @Test
  void currentSopsFileRoundTripsByteForByte() throws Exception {
    byte[] original = fixture("sops/functional-tests/res/format.enc.json");
    EncryptedFile file = store.readEncrypted(original, "format.enc.json");
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(new String(original, UTF_8));
  }

  @ParameterizedTest
  @CsvSource({"sops/example.json", "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.json"})
  void oldSopsFilesRoundTripExceptTheTrailingNewlineTheyLack(String path) throws Exception {
    byte[] original = fixture(path);
    EncryptedFile file = store.readEncrypted(original, path);
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(new String(original, UTF_8) + "\n");
  }

  @Test
  void decryptedFormatFileIsPrintedAsSopsDecryptPrintsIt() throws Exception {
    EncryptedFile file = store.readEncrypted(
        fixture("sops/functional-tests/res/format.enc.json"), "format.enc.json");
    byte[] key = EncryptedValues.derived("sops__functional-tests__res__format.enc.json.derived.txt").dataKey();
    Documents plain = EncryptedValues.decryptAll(file.documents(), key);
    assertThat(new String(store.writePlain(plain), UTF_8)).isEqualTo("{\n\t\"foo\": \"bar\"\n}\n");
  }

  @Test
  void exampleDecryptsToTypedValuesAndPrintsWithItsFloat() throws Exception {
    EncryptedFile file = store.readEncrypted(fixture("sops/example.json"), "example.json");
    byte[] key = EncryptedValues.derived("sops__example.json.derived.txt").dataKey();
    String out = new String(store.writePlain(EncryptedValues.decryptAll(file.documents(), key)), UTF_8);
    assertThat(out).startsWith("{\n\t\"firstName\": \"John\",\n\t\"lastName\": \"Smith\",\n\t\"age\": 25.4,\n")
        .contains("\t\"phoneNumbers\": [\n\t\t{\n\t\t\t\"number\": \"212 555-1234\",\n")
        .endsWith("\t\"anEmptyValue\": \"\"\n}\n");
  }

  @Test
  void execFileOutputOfLibRs() {
    Mapping doc = Mapping.of(new Field("foo", new Scalar.Str("bar")),
        new Field("bar", new Scalar.Str("baz\nbam")));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8))
        .isEqualTo("{\n\t\"foo\": \"bar\",\n\t\"bar\": \"baz\\nbam\"\n}\n");
  }

  @Test
  void numbersAreTypedAsSops313TypesThem() throws Exception {
    Mapping doc = store.readPlain(("{\"i\": 42, \"neg\": -0, \"big\": 9223372036854775807,"
        + " \"huge\": 9223372036854775808, \"f\": 1.0, \"e\": 1e3, \"s\": \"7\"}").getBytes(UTF_8), "n.json")
        .first();
    assertThat(doc.get("i")).contains(new Scalar.Int(42));
    assertThat(doc.get("neg")).contains(new Scalar.Int(0));
    assertThat(doc.get("big")).contains(new Scalar.Int(Long.MAX_VALUE));
    assertThat(doc.get("huge")).contains(new Scalar.Float(9.223372036854775808e18));
    assertThat(doc.get("f")).contains(new Scalar.Float(1.0));
    assertThat(doc.get("e")).contains(new Scalar.Float(1000.0));
    assertThat(doc.get("s")).contains(new Scalar.Str("7"));
  }

  @Test
  void sops312FloatIntegersPrintWithoutFraction() {
    Mapping doc = Mapping.of(new Field("a", new Scalar.Float(42.0)), new Field("b", new Scalar.Int(42)));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8))
        .isEqualTo("{\n\t\"a\": 42,\n\t\"b\": 42\n}\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "25.4|25.4", "1.0|1", "100|100", "0.1|0.1", "0.30000000000000004|0.30000000000000004",
      "1e20|100000000000000000000", "1e21|1e+21", "1.5e300|1.5e+300", "0.000001|0.000001",
      "1e-7|1e-7", "1.234e-10|1.234e-10", "5e-324|5e-324", "1.7976931348623157e308|1.7976931348623157e+308",
      "-0.0|-0", "0|0", "-2.5|-2.5", "2.82879384806159E17|282879384806159000", "1.18575755E-316|1.18575755e-316", "123456789.125|123456789.125", "2.2250738585072014e-308|2.2250738585072014e-308"})
  void floatsPrintAsGoEncodingJson(double value, String expected) {
    assertThat(JsonWriter.jsonFloat(value)).isEqualTo(expected);
  }

  @Test
  void stringsAreEscapedAsGoJsonMarshal() {
    StringBuilder sb = new StringBuilder();
    JsonWriter.quote("a<b>&c\u2028\u2029\"\\\n\r\t\b\f\u0001\u007f é 😀\ud800", sb);
    assertThat(sb.toString()).isEqualTo(
        "\"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\\"\\\\\\n\\r\\t\\b\\f\\u0001\u007f é 😀\\ufffd\"");
  }

  @Test
  void escapesInInputAreDecoded() throws Exception {
    Mapping doc = store.readPlain("{\"k\\u00e9\": \"\\ud83d\\ude00 \\ud800x \\/ \\b\"}".getBytes(UTF_8), "e.json")
        .first();
    assertThat(doc.get("ké")).contains(new Scalar.Str("😀 \uFFFDx / \b"));
  }

  @Test
  void layoutOfNestedEmptyAndCommentedValues() {
    Mapping doc = new Mapping(java.util.List.of(
        new Comment(" dropped"),
        new Field("empty", Mapping.of()),
        new Field("list", Sequence.of()),
        new Field("items", new Sequence(java.util.List.<Node>of(new Comment("x"), new Scalar.Int(1),
            Mapping.of(new Field("t", new Scalar.Bool(true)), new Field("n", Scalar.Null.INSTANCE))))),
        new Field("time", new Scalar.Time(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHours(7)))),
        new Field("utc", new Scalar.Time(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))),
        new Field("bytes", new Scalar.Bytes(new byte[] {1, 2, 3}))));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8)).isEqualTo("{\n"
        + "\t\"empty\": {},\n"
        + "\t\"list\": [],\n"
        + "\t\"items\": [\n\t\t1,\n\t\t{\n\t\t\t\"t\": true,\n\t\t\t\"n\": null\n\t\t}\n\t],\n"
        + "\t\"time\": \"2024-01-02T03:04:05.12+07:00\",\n"
        + "\t\"utc\": \"2024-01-02T03:04:05Z\",\n"
        + "\t\"bytes\": \"AQID\"\n}\n");
    assertThat(new String(store.writePlain(Documents.of(Mapping.of())), UTF_8)).isEqualTo("{}\n");
  }

  @Test
  void plaintextRoundTripsThroughReadAndWrite() throws Exception {
    String text = "{\n\t\"a\": {\n\t\t\"b\": [\n\t\t\t1,\n\t\t\t2.5,\n\t\t\t\"x\",\n\t\t\tnull,\n\t\t\tfalse\n"
        + "\t\t]\n\t},\n\t\"c\": {},\n\t\"d\": []\n}\n";
    Documents doc = store.readPlain(text.getBytes(UTF_8), "p.json");
    assertThat(new String(store.writePlain(doc), UTF_8)).isEqualTo(text);
  }

  @Test
  void topLevelMustBeAnObject() {
    assertThatThrownBy(() -> store.readPlain("[1]".getBytes(UTF_8), "arr.json"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("arr.json:1")
        .hasMessageContaining("top-level object");
    assertThatThrownBy(() -> store.readPlain("  \n".getBytes(UTF_8), "empty.json"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("empty.json");
  }

  @Test
  void duplicateKeysAreRejectedWithLineAndPath() {
    assertThatThrownBy(() -> store.readPlain("{\"a\": {\n\"b\": 1,\n\"b\": 2}}".getBytes(UTF_8), "dup.json"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.keyPath()).isEqualTo("a:b:");
        }).hasMessageContaining("duplicate key");
  }

  @Test
  void readPlainRejectsAnExistingSopsKey() {
    assertThatThrownBy(() -> store.readPlain("{\"a\": 1,\n \"sops\": {}}".getBytes(UTF_8), "enc.json"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("enc.json:2")
        .hasMessageContaining("sops");
  }

  @Test
  void fileWithoutMetadataHasEmptyMetadata() throws Exception {
    EncryptedFile file = store.readEncrypted("{\"a\": 1}".getBytes(UTF_8), "plain.json");
    assertThat(file.metadata().members()).isEmpty();
    assertThat(file.documents().first().get("a")).contains(new Scalar.Int(1));
  }

  @Test
  void metadataThatIsNotAnObjectIsRejected() {
    assertThatThrownBy(() -> store.readEncrypted("{\"a\": 1,\n\"sops\": 3}".getBytes(UTF_8), "bad.json"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("bad.json:2");
  }

  @Test
  void writeEncryptedRefusesDataWithASopsKey() {
    Mapping doc = Mapping.of(new Field("sops", new Scalar.Str("x")));
    assertThatThrownBy(() -> store.writeEncrypted(Documents.of(doc), Mapping.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\": \"CANARY-7f3a9|unterminated string",
      "{\"a\": \"CANARY-7f3a9\\q\"}|invalid escape",
      "{\"a\": CANARY-7f3a9}|expected a value",
      "{\"a\": \"CANARY-7f3a9\" CANARY-7f3a9}|expected ',' or '}'",
      "{\"a\": \"x\"} CANARY-7f3a9|after the top-level object",
      "{\"a\": 1e999}|out of the float64 range",
      "{\"a\": [1 2]}|expected ',' or ']'",
      "{\"a\": tru}|invalid literal"})
  void malformedInputNamesFileAndLineButNeverTheValue(String json, String problem) {
    assertThatThrownBy(() -> store.readEncrypted(json.getBytes(UTF_8), "bad.json"))
        .isInstanceOf(SopsParseException.class)
        .hasMessageStartingWith("bad.json:1: ")
        .hasMessageContaining(problem)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void controlCharactersInStringsAreRejectedOnTheirLine() {
    assertThatThrownBy(() -> store.readPlain("{\n\"a\": \"x\u0001\"}".getBytes(UTF_8), "c.json"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.line()).isEqualTo(2));
  }
}
