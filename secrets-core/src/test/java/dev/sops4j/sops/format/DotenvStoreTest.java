package dev.sops4j.sops.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotenvStoreTest {
  private static final String CANARY = "CANARY-51d0e";
  private static final String SECRETS_ENV = "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.env";
  private static final String FORMAT_ENV = "sops/functional-tests/res/format.enc.env";
  private final Store store = Format.DOTENV.store();

  private static byte[] fixture(String path) throws Exception {
    return Files.readAllBytes(Fixtures.path(path));
  }

  @ParameterizedTest
  @CsvSource({
      FORMAT_ENV + ", sops__functional-tests__res__format.enc.env.derived.txt, 0",
      SECRETS_ENV + ", sops-nix__secrets.env.derived.txt, 1"})
  void fixturesReadWithTheDerivedValuesCommentsAndKeyPaths(String path, String derived, int comments)
      throws Exception {
    EncryptedFile file = store.readEncrypted(fixture(path), path);
    assertThat(file.documents().first().fields()).extracting(Field::key)
        .noneMatch(k -> k.startsWith("sops_"));
    assertThat(EncryptedValues.assertMatchesDerived(file, EncryptedValues.derived(derived)))
        .isEqualTo(comments);
  }

  @Test
  void flattenedMetadataOfSopsNixFileIsUnflattened() throws Exception {
    Mapping md = store.readEncrypted(fixture(SECRETS_ENV), "secrets.env").metadata();
    assertThat(md.fields()).extracting(Field::key)
        .containsExactly("lastmodified", "mac", "pgp", "unencrypted_suffix", "version");
    Sequence pgp = (Sequence) md.get("pgp").orElseThrow();
    assertThat(pgp.items()).hasSize(2);
    Mapping first = (Mapping) pgp.items().get(0);
    Mapping second = (Mapping) pgp.items().get(1);
    assertThat(first.fields()).extracting(Field::key).containsExactly("created_at", "enc", "fp");
    assertThat(first.get("fp")).contains(new Scalar.Str("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0"));
    assertThat(second.get("fp")).contains(new Scalar.Str("2504791468B153B8A3963CC97BA53D1919C5DFD4"));
    assertThat(((Scalar.Str) first.get("enc").orElseThrow()).value())
        .startsWith("-----BEGIN PGP MESSAGE-----\n\nhQEM").endsWith("-----END PGP MESSAGE-----\n")
        .doesNotContain("\\n");
    assertThat(md.get("lastmodified")).contains(new Scalar.Str("2023-01-17T12:33:06Z"));
    assertThat(md.get("unencrypted_suffix")).contains(new Scalar.Str("_unencrypted"));
    assertThat(md.get("version")).contains(new Scalar.Str("3.7.3"));
  }

  @Test
  void currentSopsFileRoundTripsByteForByte() throws Exception {
    byte[] original = fixture(FORMAT_ENV);
    EncryptedFile file = store.readEncrypted(original, "format.enc.env");
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(new String(original, UTF_8));
  }

  @Test
  void oldFileWithUnsortedMetadataIsRewrittenSortedAndReadsBackTheSame() throws Exception {
    byte[] original = fixture(SECRETS_ENV);
    EncryptedFile file = store.readEncrypted(original, "secrets.env");
    String written = new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8);
    List<String> lines = written.lines().toList();
    List<String> originalLines = new String(original, UTF_8).lines().toList();
    assertThat(lines.subList(0, 5)).isEqualTo(originalLines.subList(0, 5));
    assertThat(lines.subList(5, lines.size())).extracting(l -> l.substring(0, l.indexOf('=')))
        .containsExactly("sops_lastmodified", "sops_mac", "sops_pgp__list_0__map_created_at",
            "sops_pgp__list_0__map_enc", "sops_pgp__list_0__map_fp", "sops_pgp__list_1__map_created_at",
            "sops_pgp__list_1__map_enc", "sops_pgp__list_1__map_fp", "sops_unencrypted_suffix",
            "sops_version");
    assertThat(lines).containsExactlyInAnyOrderElementsOf(originalLines);
    EncryptedFile again = store.readEncrypted(written.getBytes(UTF_8), "rewritten.env");
    assertThat(again).isEqualTo(file);
  }

  @Test
  void decryptedFilesPrintAsSopsDecryptPrintsThem() throws Exception {
    EncryptedFile format = store.readEncrypted(fixture(FORMAT_ENV), "format.enc.env");
    byte[] key = EncryptedValues.derived("sops__functional-tests__res__format.enc.env.derived.txt").dataKey();
    assertThat(new String(store.writePlain(EncryptedValues.decryptAll(format.documents(), key)), UTF_8))
        .isEqualTo("foo = bar\n");

    EncryptedFile secrets = store.readEncrypted(fixture(SECRETS_ENV), "secrets.env");
    byte[] key2 = EncryptedValues.derived("sops-nix__secrets.env.derived.txt").dataKey();
    assertThat(new String(store.writePlain(EncryptedValues.decryptAll(secrets.documents(), key2)), UTF_8))
        .isEqualTo("# This is an example file.\n"
            + "hello=Welcome to SOPS! Edit this file as you please!\n"
            + "example_key=example_value\n"
            + "example_multiline=foo\\nbar\\nbaz\n"
            + "never_gonna=give you up\n");
  }

  @Test
  void linesSplitAtTheFirstEqualsWithoutTrimmingOrQuotes() throws Exception {
    String text = "#c1\n\nA = 1\nexport B=\"q\"\nC=x=y\\nz\r\nD=\n=e\n# c2";
    Mapping doc = store.readPlain(text.getBytes(UTF_8), "p.env").first();
    assertThat(doc.members()).containsExactly(
        new Comment("c1"),
        new Field("A ", new Scalar.Str(" 1")),
        new Field("export B", new Scalar.Str("\"q\"")),
        new Field("C", new Scalar.Str("x=y\nz\r")),
        new Field("D", new Scalar.Str("")),
        new Field("", new Scalar.Str("e")),
        new Comment(" c2"));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8))
        .isEqualTo("#c1\nA = 1\nexport B=\"q\"\nC=x=y\\nz\r\nD=\n=e\n# c2\n");
  }

  @Test
  void typedValuesPrintWithGoFormatting() {
    Mapping doc = Mapping.of(new Field("i", new Scalar.Int(5)), new Field("f", new Scalar.Float(1.0)),
        new Field("g", new Scalar.Float(1234567.0)), new Field("b", new Scalar.Bool(true)));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8))
        .isEqualTo("i=5\nf=1.0\ng=1.234567E+06\nb=true\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.23|1.23", "100000|100000.0", "0|0.0", "-0.0|-0.0", "1234567|1.234567E+06", "0.0001|0.0001",
      "0.00001|1E-05", "1e21|1E+21", "123456.5|123456.5", "2.5e-300|2.5E-300"})
  void floatsPrintAsSopsValToString(double value, String expected) {
    assertThat(GoText.valToString(new Scalar.Float(value))).isEqualTo(expected);
  }

  @Test
  void complexValuesCannotBeWritten() {
    Mapping doc = Mapping.of(new Field("nested", Mapping.of(new Field("a", new Scalar.Str(CANARY)))));
    assertThatThrownBy(() -> store.writePlain(Documents.of(doc)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offending key nested").hasMessageNotContaining(CANARY);
  }

  @Test
  void lineWithoutEqualsNamesTheLineButNotItsContent() {
    String text = "A=1\n" + CANARY + "\n";
    assertThatThrownBy(() -> store.readEncrypted(text.getBytes(UTF_8), "bad.env"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.line()).isEqualTo(2))
        .hasMessageStartingWith("bad.env:2: ").hasMessageNotContaining(CANARY);
  }

  @Test
  void invalidUtf8IsRejectedWithItsLine() {
    byte[] data = {'A', '=', '1', '\n', 'B', '=', (byte) 0xff, '\n'};
    assertThatThrownBy(() -> store.readPlain(data, "bin.env"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void readPlainRejectsTheReservedPrefixAndDuplicates() {
    assertThatThrownBy(() -> store.readPlain("A=1\nsops_mac=x\n".getBytes(UTF_8), "enc.env"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("enc.env:2")
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> store.readPlain(("A=1\nA=" + CANARY + "\n").getBytes(UTF_8), "dup.env"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("dup.env:2")
        .hasMessageContaining("duplicate").hasMessageNotContaining(CANARY);
  }

  @Test
  void writeEncryptedFlattensMetadataWithPrefixAndEscapedNewlines() throws Exception {
    Mapping md = Mapping.of(
        new Field("age", Sequence.of(Mapping.of(
            new Field("enc", new Scalar.Str("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n")),
            new Field("recipient", new Scalar.Str("age1xyz"))))),
        new Field("lastmodified", new Scalar.Str("2024-01-01T00:00:00Z")),
        new Field("mac_only_encrypted", new Scalar.Bool(true)),
        new Field("shamir_threshold", new Scalar.Int(2)),
        new Field("kms", Scalar.Null.INSTANCE));
    Documents docs = Documents.of(Mapping.of(new Comment("ENC[c]"), new Field("A", new Scalar.Str("ENC[a]"))));
    String out = new String(store.writeEncrypted(docs, md), UTF_8);
    assertThat(out).isEqualTo("#ENC[c]\nA=ENC[a]\n"
        + "sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nYWJj\\n-----END AGE ENCRYPTED FILE-----\\n\n"
        + "sops_age__list_0__map_recipient=age1xyz\n"
        + "sops_lastmodified=2024-01-01T00:00:00Z\n"
        + "sops_mac_only_encrypted=true\n"
        + "sops_shamir_threshold=2\n");
    EncryptedFile back = store.readEncrypted(out.getBytes(UTF_8), "back.env");
    assertThat(back.documents()).isEqualTo(docs);
    assertThat(((Mapping) ((Sequence) back.metadata().get("age").orElseThrow()).items().get(0)).get("enc"))
        .contains(new Scalar.Str("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n"));
    assertThat(back.metadata().get("shamir_threshold")).contains(new Scalar.Str("2"));
  }

  @Test
  void writeEncryptedRefusesReservedDataKeys() {
    Documents docs = Documents.of(Mapping.of(new Field("sops_x", new Scalar.Str("1"))));
    assertThatThrownBy(() -> store.writeEncrypted(docs, Mapping.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sops_x");
  }

  @Test
  void fileWithoutMetadataHasEmptyMetadata() throws Exception {
    assertThat(store.readEncrypted("A=1\n".getBytes(UTF_8), "a.env").metadata().members()).isEmpty();
  }
}
