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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IniStoreTest {
  private static final String CANARY = "CANARY-9c21b";
  private static final String RES = "sops/functional-tests/res/";
  private static final String SECRETS_INI = "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.ini";
  private final Store store = Format.INI.store();

  private static byte[] fixture(String path) throws Exception {
    return Files.readAllBytes(Fixtures.path(path));
  }

  private static Field str(String key, String value) {
    return new Field(key, new Scalar.Str(value));
  }

  @ParameterizedTest
  @CsvSource({
      "sops/example.ini, sops__example.ini.derived.txt, 1",
      SECRETS_INI + ", sops-nix__secrets.ini.derived.txt, 1",
      RES + "format.enc.ini, sops__functional-tests__res__format.enc.ini.derived.txt, 0",
      RES + "format-2.enc.ini, sops__functional-tests__res__format-2.enc.ini.derived.txt, 0"})
  void fixturesReadWithTheDerivedValuesAndKeyPaths(String path, String derived, int comments)
      throws Exception {
    EncryptedFile file = store.readEncrypted(fixture(path), path);
    assertThat(file.documents().first().fields().get(0))
        .isEqualTo(new Field("DEFAULT", Mapping.of()));
    assertThat(file.documents().first().get("sops")).isEmpty();
    assertThat(EncryptedValues.assertMatchesDerived(file, EncryptedValues.derived(derived)))
        .isEqualTo(comments);
  }

  @Test
  void sectionCommentsAreTheFirstItemAndDecryptUnderTheSectionPath() throws Exception {
    EncryptedFile file = store.readEncrypted(fixture("sops/example.ini"), "example.ini");
    Mapping name = (Mapping) file.documents().first().get("name").orElseThrow();
    Comment comment = (Comment) name.members().get(0);
    byte[] key = EncryptedValues.derived("sops__example.ini.derived.txt").dataKey();
    assertThat(EncryptedValues.decrypt(comment.text(), key, "name:"))
        .isEqualTo("An example file for use with sops!");
    EncryptedFile secrets = store.readEncrypted(fixture(SECRETS_INI), "secrets.ini");
    Comment welcome = (Comment) ((Mapping) secrets.documents().first().get("Welcome!").orElseThrow())
        .members().get(0);
    assertThat(EncryptedValues.decrypt(welcome.text(),
        EncryptedValues.derived("sops-nix__secrets.ini.derived.txt").dataKey(), "Welcome!:"))
        .isEqualTo("This is an example file.");
  }

  @Test
  void flattenedMetadataIsUnflattenedWithNewlinesRestored() throws Exception {
    Mapping md = store.readEncrypted(fixture("sops/example.ini"), "example.ini").metadata();
    assertThat(md.fields()).extracting(Field::key)
        .containsExactly("lastmodified", "mac", "pgp", "unencrypted_suffix", "version");
    Sequence pgp = (Sequence) md.get("pgp").orElseThrow();
    assertThat(pgp.items()).hasSize(2);
    Mapping second = (Mapping) pgp.items().get(1);
    assertThat(second.get("fp")).contains(new Scalar.Str("D7229043384BCC60326C6FB9D8720D957C3D3074"));
    assertThat(second.get("created_at")).contains(new Scalar.Str("2019-12-10T22:45:52Z"));
    assertThat(((Scalar.Str) second.get("enc").orElseThrow()).value())
        .startsWith("-----BEGIN PGP MESSAGE-----\n\nwYwD").endsWith("\n-----END PGP MESSAGE-----");
  }

  @Test
  void multiLineMetadataOfSops3131ReadsLikeTheEscapedForm() throws Exception {
    Mapping md2 = store.readEncrypted(fixture(RES + "format-2.enc.ini"), "format-2.enc.ini").metadata();
    String enc = ((Scalar.Str) ((Mapping) ((Sequence) md2.get("pgp").orElseThrow()).items().get(0))
        .get("enc").orElseThrow()).value();
    assertThat(enc).startsWith("-----BEGIN PGP MESSAGE-----\n\nwcBMAyUpShfNkFB/AQf/eLAAHlnmaYZG")
        .endsWith("\n=j3Rn\n-----END PGP MESSAGE-----");
    assertThat(md2.get("version")).contains(new Scalar.Str("3.13.1"));
  }

  @Test
  void currentSopsFileRoundTripsByteForByte() throws Exception {
    byte[] original = fixture(RES + "format.enc.ini");
    EncryptedFile file = store.readEncrypted(original, "format.enc.ini");
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(new String(original, UTF_8));
  }

  @Test
  void sops3131MultiLineFileIsRewrittenWithEscapedNewlines() throws Exception {
    String original = new String(fixture(RES + "format-2.enc.ini"), UTF_8);
    EncryptedFile file = store.readEncrypted(original.getBytes(UTF_8), "format-2.enc.ini");
    int open = original.indexOf("\"\"\"");
    int close = original.indexOf("\"\"\"", open + 3);
    String expected = original.substring(0, open)
        + original.substring(open + 3, close).replace("\n", "\\n") + original.substring(close + 3);
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"sops/example.ini", SECRETS_INI})
  void olderFilesAreRewrittenSortedWithoutTheTrailingEmptyLineAndReadBackTheSame(String path)
      throws Exception {
    String original = new String(fixture(path), UTF_8);
    EncryptedFile file = store.readEncrypted(original.getBytes(UTF_8), path);
    String written = new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8);
    assertThat(original).endsWith("\n\n");
    assertThat(written).doesNotEndWith("\n\n");
    java.util.List<String> expected = new java.util.ArrayList<>(original.lines().toList());
    expected.remove(expected.size() - 1); // the empty line older ini.v1 wrote after the last section
    assertThat(written.lines().sorted().toList()).isEqualTo(expected.stream().sorted().toList());
    assertThat(store.readEncrypted(written.getBytes(UTF_8), "rewritten.ini")).isEqualTo(file);
  }

  @Test
  void decryptedFilesPrintAsSopsDecryptPrintsThem() throws Exception {
    for (String name : new String[] {"format.enc.ini", "format-2.enc.ini"}) {
      EncryptedFile file = store.readEncrypted(fixture(RES + name), name);
      byte[] key = EncryptedValues.derived("sops__functional-tests__res__" + name + ".derived.txt").dataKey();
      assertThat(new String(store.writePlain(EncryptedValues.decryptAll(file.documents(), key)), UTF_8))
          .isEqualTo("[foo]\nbar = baz\n");
    }
    EncryptedFile example = store.readEncrypted(fixture("sops/example.ini"), "example.ini");
    byte[] key = EncryptedValues.derived("sops__example.ini.derived.txt").dataKey();
    assertThat(new String(store.writePlain(EncryptedValues.decryptAll(example.documents(), key)), UTF_8))
        .isEqualTo("; An example file for use with sops!\n"
            + "[name]\nfirstName = John\nlastName  = Smith\nage       = 25.4\n\n"
            + "[address]\ncity          = New York\npostalCode    = 10021-3100\nstate         = NY\n"
            + "streetAddress = 21 2nd Street\n\n"
            + "[phoneNumbers]\nhome   = 212 555-1234\noffice = 646 555-4567\n\n"
            + "[not private]\nnotsecret_unencrypted = hi there!\n");
  }

  @Test
  void typedValuesPrintAsStringsLikeLibRsExpects() {
    Mapping section = Mapping.of(
        new Field("int", new Scalar.Int(123)),
        new Field("float", new Scalar.Float(1.23)),
        new Field("bool", new Scalar.Bool(true)),
        new Field("date", new Scalar.Time(OffsetDateTime.of(2025, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC))),
        new Field("timestamp", new Scalar.Time(OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))),
        new Field("utc_timestamp", new Scalar.Time(OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))),
        str("string", "this is a string"));
    assertThat(new String(store.writePlain(Documents.of(Mapping.of(new Field("the_section", section)))), UTF_8))
        .isEqualTo("[the_section]\n"
            + "int           = 123\n"
            + "float         = 1.23\n"
            + "bool          = true\n"
            + "date          = 2025-01-02T00:00:00Z\n"
            + "timestamp     = 2025-01-02T03:04:05Z\n"
            + "utc_timestamp = 2025-01-02T03:04:05Z\n"
            + "string        = this is a string\n");
  }

  @Test
  void sopsUnitTestExampleParsesAsSopsParsesIt() throws Exception {
    String in = "\n; last modified 1 April 2001 by John Doe\n[owner]\nname=John Doe\n"
        + "organization=Acme Widgets Inc.\n\n[database]\n"
        + "; use IP address in case network name resolution is not working\n"
        + "server=192.0.2.62     \nport=143\nfile=\"payroll.dat\"\n";
    Mapping doc = store.readPlain(in.getBytes(UTF_8), "test.ini").first();
    assertThat(doc).isEqualTo(Mapping.of(
        new Field("DEFAULT", Mapping.of()),
        new Field("owner", Mapping.of(new Comment("last modified 1 April 2001 by John Doe"),
            str("name", "John Doe"), str("organization", "Acme Widgets Inc."))),
        new Field("database", Mapping.of(str("server", "192.0.2.62"),
            new Comment("use IP address in case network name resolution is not working"),
            str("port", "143"), str("file", "payroll.dat")))));
  }

  @Test
  void iniV1ValueAndKeyRules() throws Exception {
    String in = "top = level\n"
        + "[s]\n"
        + "colon: v1\n"
        + "inline = v2 ; note\n"
        + "hash = v3#x\n"
        + "back = `a;b#c`\n"
        + "multi = \"\"\"line1\nline2\"\"\"\n"
        + "cont = one\\\n  two\n"
        + "single = 'q'\n"
        + "inner = a\"b\"\n"
        + "empty =\n"
        + "`k=1` = quoted key\n"
        + "dup = first\n"
        + "dup = second\n"
        + "- = auto\n"
        + "[s]\n"
        + "again = yes\n";
    Mapping doc = store.readPlain(in.getBytes(UTF_8), "rules.ini").first();
    assertThat(doc.fields()).extracting(Field::key).containsExactly("DEFAULT", "s", "s");
    assertThat(doc.fields().get(0).value()).isEqualTo(Mapping.of(str("top", "level")));
    assertThat(doc.fields().get(1).value()).isEqualTo(Mapping.of(
        str("colon", "v1"), str("inline", "v2"), new Comment("note"), str("hash", "v3"),
        new Comment("x"), str("back", "a;b#c"), str("multi", "line1\nline2"), str("cont", "onetwo"),
        str("single", "q"), str("inner", "a\"b\""), str("empty", ""), str("k=1", "quoted key"),
        str("dup", "second"), str("#1", "auto")));
    assertThat(doc.fields().get(2).value()).isEqualTo(Mapping.of(str("again", "yes")));
  }

  @Test
  void writerQuotesAlignsAndPlacesCommentsAsIniV1() throws Exception {
    Mapping doc = Mapping.of(
        new Field("DEFAULT", Mapping.of(str("d", "1"))),
        new Field("s", Mapping.of(new Comment("section note"),
            str("plain", "v"), new Comment("about plain"),
            str("semi", "a;b"), str("nl", "x\ny"), str("tick", "a`b"), str("pad", " p "),
            str("k=eq", "1"), str("é", "utf8"), str("empty", ""))));
    String out = new String(store.writePlain(Documents.of(doc)), UTF_8);
    assertThat(out).isEqualTo("d = 1\n\n"
        + "; section note\n[s]\n"
        + "; about plain\n"
        + "plain  = v\n"
        + "semi   = `a;b`\n"
        + "nl     = \"\"\"x\ny\"\"\"\n"
        + "tick   = \"\"\"a`b\"\"\"\n"
        + "pad    = \" p \"\n"
        + "`k=eq` = 1\n"
        + "é     = utf8\n"
        + "empty  = \n");
    assertThat(store.readPlain(out.getBytes(UTF_8), "again.ini").first()).isEqualTo(doc);
  }

  @Test
  void emptyDefaultSectionIsNotPrintedButItsCommentIs() {
    Mapping doc = Mapping.of(new Field("DEFAULT", Mapping.of(new Comment("top"))),
        new Field("a", Mapping.of(str("k", "v"))));
    assertThat(new String(store.writePlain(Documents.of(doc)), UTF_8)).isEqualTo("; top\n[a]\nk = v\n");
  }

  @Test
  void writeEncryptedAppendsTheFlattenedSopsSection() throws Exception {
    Mapping md = Mapping.of(
        new Field("age", Sequence.of(Mapping.of(
            str("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n"),
            str("recipient", "age1xyz")))),
        str("lastmodified", "2024-01-01T00:00:00Z"),
        new Field("shamir_threshold", new Scalar.Int(2)));
    Documents docs = Documents.of(Mapping.of(new Field("DEFAULT", Mapping.of()),
        new Field("s", Mapping.of(str("k", "ENC[x]")))));
    String out = new String(store.writeEncrypted(docs, md), UTF_8);
    assertThat(out).isEqualTo("[s]\nk = ENC[x]\n\n[sops]\n"
        + "age__list_0__map_enc       = -----BEGIN AGE ENCRYPTED FILE-----\\nYWJj\\n-----END AGE ENCRYPTED FILE-----\\n\n"
        + "age__list_0__map_recipient = age1xyz\n"
        + "lastmodified               = 2024-01-01T00:00:00Z\n"
        + "shamir_threshold           = 2\n");
    EncryptedFile back = store.readEncrypted(out.getBytes(UTF_8), "back.ini");
    assertThat(back.documents()).isEqualTo(docs);
    assertThat(back.metadata().get("lastmodified")).contains(new Scalar.Str("2024-01-01T00:00:00Z"));
  }

  @Test
  void writeEncryptedRefusesASopsSection() {
    Documents docs = Documents.of(Mapping.of(new Field("sops", Mapping.of())));
    assertThatThrownBy(() -> store.writeEncrypted(docs, Mapping.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nestedValuesCannotBeWritten() {
    Mapping doc = Mapping.of(new Field("s", Mapping.of(new Field("n", Mapping.of(str("x", CANARY))))));
    assertThatThrownBy(() -> store.writePlain(Documents.of(doc)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s:n:")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> store.writePlain(Documents.of(Mapping.of(str("top", CANARY)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(CANARY);
  }

  @Test
  void readPlainRejectsASopsSectionAndReadEncryptedADuplicateOne() {
    assertThatThrownBy(() -> store.readPlain("[a]\nk=v\n[sops]\nmac=x\n".getBytes(UTF_8), "enc.ini"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("enc.ini:3");
    assertThatThrownBy(() -> store.readEncrypted("[sops]\na=1\n[sops]\nb=2\n".getBytes(UTF_8), "two.ini"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("two.ini:3")
        .hasMessageContaining("duplicate");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[s]\\nok = 1\\n[broken " + CANARY + "\\n|3|unclosed section",
      "[s]\\n" + CANARY + "\\n|2|delimiter",
      "[s]\\nk = \"\"\"" + CANARY + "\\nmore " + CANARY + "\\n|2|missing closing",
      "[]\\n|1|empty section name",
      "[s]\\n= " + CANARY + "\\n|2|empty key name",
      "[s]\\n`" + CANARY + " = x\\n|2|missing closing quote"})
  void malformedInputNamesFileAndLineButNeverTheContent(String text, int line, String problem) {
    byte[] data = text.replace("\\n", "\n").getBytes(UTF_8);
    assertThatThrownBy(() -> store.readEncrypted(data, "bad.ini"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.line()).isEqualTo(line))
        .hasMessageStartingWith("bad.ini:" + line + ": ")
        .hasMessageContaining(problem)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void byteOrderMarkIsIgnored() throws Exception {
    byte[] data = "\uFEFF[a]\nk = v\n".getBytes(UTF_8);
    assertThat(store.readPlain(data, "bom.ini").first().get("a")).contains(Mapping.of(str("k", "v")));
  }
}
