package dev.sops4j.sops.format;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading plain YAML, printing what {@code sops decrypt} prints, and the errors of the YAML store. */
class YamlStoreTest {
  private static final String CANARY = "canary-7f3a9e";
  private final YamlStore store = new YamlStore();

  private Documents read(String yaml) throws SopsParseException {
    return store.readPlain(yaml.getBytes(StandardCharsets.UTF_8), "in.yaml");
  }

  private String roundTrip(String yaml) throws SopsParseException {
    return print(read(yaml));
  }

  private String print(Documents docs) {
    return new String(store.writePlain(docs), StandardCharsets.UTF_8);
  }

  private static Field field(String key, Node value) {
    return new Field(key, value);
  }

  private static Scalar.Str str(String s) {
    return new Scalar.Str(s);
  }

  // Expected outputs of `sops decrypt` for the plaintext files of sops' functional tests.

  @Test
  void functionalTestPlainFilesPrintAsSopsDecrypt() throws Exception {
    assertThat(printFixture("sops/functional-tests/res/comments.yaml"))
        .isEqualTo("# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n");
    assertThat(printFixture("sops/functional-tests/res/comments_list.yaml"))
        .isEqualTo("lorem:\n    - foo\n    #this-is-a-comment\n    - bar\n");
    assertThat(printFixture("sops/functional-tests/res/plainfile.yaml")).isEqualTo("hello: world\n");
  }

  private String printFixture(String fixture) throws Exception {
    return print(store.readPlain(Files.readAllBytes(Fixtures.path(fixture)), fixture));
  }

  @Test
  void commentTreesAsSopsBuildsThem() throws Exception {
    assertThat(read("# first\nlorem: ipsum\n# second\ndolor: sit\n").first()).isEqualTo(Mapping.of(
        new Comment(" first"), field("lorem", str("ipsum")), new Comment(" second"), field("dolor", str("sit"))));
    assertThat(read("lorem:\n- foo\n#between\n- bar\n").first()).isEqualTo(Mapping.of(
        field("lorem", Sequence.of(str("foo"), new Comment("between"), str("bar")))));
    assertThat(read("a:\n    - a\n    # kept once\n    - {}\n").first()).isEqualTo(Mapping.of(
        field("a", Sequence.of(str("a"), new Comment(" kept once"), Mapping.of()))));
    assertThat(read("a:\n    b:\n        c: d\n    # inner\n\ne:\n    - f\n").first()).isEqualTo(Mapping.of(
        field("a", Mapping.of(field("b", Mapping.of(field("c", str("d")))), new Comment(" inner"))),
        field("e", Sequence.of(str("f")))));
    assertThat(read("a:\n    b: c\n# top\nd: e\n").first()).isEqualTo(Mapping.of(
        field("a", Mapping.of(field("b", str("c")))), new Comment(" top"), field("d", str("e"))));
    assertThat(read("a: b # line\nc: [1] # flow\n").first()).isEqualTo(Mapping.of(
        new Comment(" line", true), field("a", str("b")),
        field("c", Sequence.of(new Comment(" flow"), new Scalar.Int(1)))));
    assertThat(read("l:\n  - x # item\n  - k: v # value\n").first()).isEqualTo(Mapping.of(field("l", Sequence.of(
        new Comment(" item", true), str("x"), Mapping.of(new Comment(" value", true), field("k", str("v")))))));
    assertThat(read("a: # on key\n  b: 1\n").first()).isEqualTo(Mapping.of(
        new Comment(" on key"), field("a", Mapping.of(field("b", new Scalar.Int(1))))));
  }

  @Test
  void inlineCommentsStayAtTheEndOfTheirLineAsInSops313() throws Exception {
    // the round trips of sops 3.13's store tests for issue 2130
    for (String yaml : new String[] {
        "key1: value1 # inline comment\nkey2: value2\n# head comment\nkey3: value3 # another inline\n",
        "items:\n    - value1 # inline on list item\n    - value2\n",
        "# heading\nkey1: value1 # inline\nkey2: value2\n",
        "parent:\n    child1: value1 # nested inline\n    child2: value2\n"}) {
      assertThat(roundTrip(yaml)).isEqualTo(yaml);
    }
    // a comment after a key, a flow collection or a literal block has no place at the end of a
    // value's line: it goes above the item as before
    assertThat(roundTrip("a: # on key\n    b: 1\n")).isEqualTo("# on key\na:\n    b: 1\n");
    assertThat(roundTrip("c: [1] # flow\n")).isEqualTo("c:\n    # flow\n    - 1\n");
    Documents literal = Documents.of(Mapping.of(new Comment(" note", true), field("k", str("two\nlines"))));
    assertThat(print(literal)).isEqualTo("# note\nk: |-\n    two\n    lines\n");
    // inline comments with nothing after them end the mapping, after its other trailing comments
    Documents trailing = Documents.of(Mapping.of(field("a", str("b")), new Comment(" i", true), new Comment(" h")));
    assertThat(print(trailing)).isEqualTo("a: b\n# h\n# i\n");
  }

  @Test
  void commentsPrintBackWhereSopsPutsThem() throws Exception {
    String c1 = "# test\na:\n    b: null\n    # foo\n";
    assertThat(roundTrip(c1)).isEqualTo(c1);
    String c2 = "a:\n    # foo\n    b: null\n";
    assertThat(roundTrip(c2)).isEqualTo(c2);
    String c6 = "a:\n    - a\n    # I no longer get duplicated\n    - {}\n";
    assertThat(roundTrip(c6)).isEqualTo(c6);
    assertThat(roundTrip("a:\n    b:\n        c: d\n    # comment\n\ne:\n    - f\n"))
        .isEqualTo("a:\n    b:\n        c: d\n    # comment\ne:\n    - f\n");
    assertThat(roundTrip("a: b # line\n")).isEqualTo("a: b # line\n");
    String helm = "## Chart\n##\nexporter:\n  podLabels:\n    ## label\n    ##\n\n    jobLabel: node-exporter\n"
        + "  extraArgs:\n    - --collector.a=^/(dev|proc)($|/)\n    - --collector.b=x\n";
    assertThat(roundTrip(helm)).isEqualTo("## Chart\n##\nexporter:\n    podLabels:\n        ## label\n        ##\n"
        + "        jobLabel: node-exporter\n    extraArgs:\n        - --collector.a=^/(dev|proc)($|/)\n"
        + "        - --collector.b=x\n");
    assertThat(new String(new YamlStore(2).writePlain(read(helm)), StandardCharsets.UTF_8))
        .isEqualTo("## Chart\n##\nexporter:\n  podLabels:\n    ## label\n    ##\n    jobLabel: node-exporter\n"
            + "  extraArgs:\n    - --collector.a=^/(dev|proc)($|/)\n    - --collector.b=x\n");
  }

  @Test
  void footCommentAfterACollectionItemIsWrittenWhereGoYamlWritesIt() throws Exception {
    Documents docs = read("a:\n    - x: 1\n    # c\nb: 2\n");
    assertThat(docs.first()).isEqualTo(Mapping.of(
        field("a", Sequence.of(Mapping.of(field("x", new Scalar.Int(1))), new Comment(" c"))),
        field("b", new Scalar.Int(2))));
    // go-yaml's emitter keeps the foot comment of a mapping item until it next processes foot comments
    assertThat(print(docs)).isEqualTo("a:\n    - x: 1\nb: 2\n# c\n");
    assertThat(roundTrip("a:\n    - x: 1\n    # c\n")).isEqualTo("a:\n    - x: 1\n\n# c\n");
    assertThat(roundTrip("a:\n    - x\n    # c\nb: 2\n")).isEqualTo("a:\n    - x\n    # c\nb: 2\n");
  }

  @Test
  void multipleDocumentsAndEmptyInput() throws Exception {
    Documents docs = read("---\n# c0\nk1: v\nk1_a: v\n# ^ c1\n---\nk2: v2");
    assertThat(docs.documents()).containsExactly(
        Mapping.of(new Comment(" c0"), field("k1", str("v")), field("k1_a", str("v")), new Comment(" ^ c1")),
        Mapping.of(field("k2", str("v2"))));
    assertThat(print(docs)).isEqualTo("# c0\nk1: v\nk1_a: v\n# ^ c1\n---\nk2: v2\n");
    assertThat(read("").documents()).containsExactly(Mapping.of());
    assertThat(read("---\n").documents()).containsExactly(Mapping.of());
    assertThat(roundTrip("{}\n")).isEqualTo("{}\n");
    assertThat(read("# only\n").documents()).containsExactly(Mapping.of(new Comment(" only")));
  }

  @Test
  void aliasesAreExpandedAndMergeKeysStayPlainKeys() throws Exception {
    Mapping doc = read("key1: &foo\n  - foo\nkey2: *foo\nkey3: &bar\n  foo: bar\n  baz: bam\nkey4: *bar\n"
        + "key5:\n  <<: *bar\n  own: 1\nkey6:\n  '<<': 1\n").first();
    Mapping bar = Mapping.of(field("foo", str("bar")), field("baz", str("bam")));
    assertThat(doc).isEqualTo(Mapping.of(field("key1", Sequence.of(str("foo"))), field("key2", Sequence.of(str("foo"))),
        field("key3", bar), field("key4", bar), field("key5", Mapping.of(field("<<", bar), field("own", new Scalar.Int(1)))),
        field("key6", Mapping.of(field("<<", new Scalar.Int(1))))));
  }

  @Test
  void typedValuesPrintAsSopsDecrypt() throws Exception {
    assertThat(roundTrip("a: 2024-01-01\nb: 2006-01-02T15:04:05+07:06"))
        .isEqualTo("a: 2024-01-01T00:00:00Z\nb: 2006-01-02T15:04:05+07:06\n");
    assertThat(roundTrip("a: 2\nb: ba")).isEqualTo("a: 2\nb: ba\n");
    assertThat(roundTrip("num: 1234568000.0\nf: 1.50\ni: 0x10\nb: True\nx: ~\nw: yes\nz: '42'\ne: []\nm: {}\n"))
        .isEqualTo("num: 1.234568e+09\nf: 1.5\ni: 16\nb: true\nx: null\nw: \"yes\"\nz: \"42\"\ne: []\nm: {}\n");
    // keys are printed like any string: YAML 1.1 booleans such as n and y get quoted
    assertThat(roundTrip("n: 1\ny: 2\n")).isEqualTo("\"n\": 1\n\"y\": 2\n");
    Documents typed = Documents.of(Mapping.of(field("t", new Scalar.Time(
        OffsetDateTime.of(2001, 12, 14, 21, 59, 43, 100_000_000, ZoneOffset.ofHours(-5)))),
        field("f", new Scalar.Float(Double.NEGATIVE_INFINITY)), field("nan", new Scalar.Float(Double.NaN))));
    assertThat(print(typed)).isEqualTo("t: 2001-12-14T21:59:43.1-05:00\nf: -.inf\nnan: .nan\n");
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "true|`\"true\"`", "yes|`\"yes\"`", "123|`\"123\"`", "1.5|`\"1.5\"`", "null|`\"null\"`", "1:20|`\"1:20\"`",
      "2024-01-01|`\"2024-01-01\"`", "``|`\"\"`", "` lead`|`' lead'`", "`trail `|`'trail '`", "a: b|`'a: b'`",
      "#x|`'#x'`", "x #y|`'x #y'`", "- x|`'- x'`", "it's|it's", "'q|`'''q'`", "a:b|a:b", "@at|`'@at'`",
      "*star|`'*star'`", "x,y|x,y", "[x|`'[x'`", "café|café", "ENC[AES256_GCM,data:x]|ENC[AES256_GCM,data:x]",
      "---|`'---'`", "~|`\"~\"`", "<<|<<"})
  void stringsAreQuotedExactlyWhenGoYamlQuotesThem(String value, String printed) {
    Documents docs = Documents.of(Mapping.of(field("k", str(value))));
    assertThat(print(docs)).isEqualTo("k: " + printed + "\n");
  }

  @Test
  void specialStrings() {
    assertThat(print(Documents.of(Mapping.of(field("k", str("tab\there")))))).isEqualTo("k: \"tab\\there\"\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("smile \uD83D\uDE00"))))))
        .isEqualTo("k: \"smile \\U0001F600\"\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("bell\u0007")))))).isEqualTo("k: \"bell\\a\"\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("line1\nline2")), field("z", str("x"))))))
        .isEqualTo("k: |-\n    line1\n    line2\nz: x\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("one\n\ntwo\n")), field("z", str("x"))))))
        .isEqualTo("k: |\n    one\n\n    two\nz: x\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("  indented\n")))))).isEqualTo("k: |4\n      indented\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("kept\n\n")))))).isEqualTo("k: |+\n    kept\n\n...\n");
    assertThat(print(Documents.of(Mapping.of(field("k", str("space \nbreak")))))).isEqualTo("k: \"space \\nbreak\"\n");
    assertThat(print(Documents.of(Mapping.of(field("multi\nline key", str("v"))))))
        .isEqualTo("? |-\n    multi\n    line key\n: v\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`a: |  # c\n  text\n`|`# c\na: |\n    text\n`",
      "`a: {b: 1, # c\n c: 2}\n`|`a:\n    b: 1 # c\n    c: 2\n`",
      "`a: [1, # c\n 2]\n`|`a:\n    - 1 # c\n    - 2\n`",
      "`? a\n: b\n`|`a: b\n`",
      "`a: &x\n  b: 1\nc: *x\n`|`a:\n    b: 1\nc:\n    b: 1\n`",
      "`a: !!map\n  b: 1\n`|`a:\n    b: 1\n`",
      "`--- # c\na: 1\n...\n---\nb: 2\n`|`# c\na: 1\n---\nb: 2\n`",
      "`a:\n  - # c\n    b: 1\n`|`a:\n    # c\n    - b: 1\n`",
      "`a: 'it''s'\nb: \"q\\\"\"\n`|`a: it's\nb: q\"\n`",
      "`k: >\n  folded\n  text\n`|`k: |\n    folded text\n`"})
  void unusualButValidInput(String yaml, String printed) throws Exception {
    assertThat(roundTrip(yaml)).isEqualTo(printed);
  }

  @Test
  void largeFilesReadAndPrintBack() throws Exception {
    StringBuilder yaml = new StringBuilder();
    String value = "v".repeat(80);
    for (int i = 0; i < 50_000; i++) {
      yaml.append("key").append(i).append(": ").append(value).append('\n');
    }
    assertThat(yaml.length()).isGreaterThan(4 * 1024 * 1024);
    Documents docs = read(yaml.toString());
    assertThat(docs.first().fields()).hasSize(50_000);
    assertThat(print(docs)).isEqualTo(yaml.toString());
  }

  @Test
  void commentTextWithLineBreaksStaysACommentAsGoYamlWritesIt() {
    Documents docs = Documents.of(Mapping.of(new Comment(" one\ntwo"), field("a", new Scalar.Int(1))));
    assertThat(print(docs)).isEqualTo("# one\n# two\na: 1\n");
  }

  @Test
  void bytesPrintAsGoYamlPrintsAGoByteSlice() {
    assertThat(print(Documents.of(Mapping.of(field("k", new Scalar.Bytes(new byte[] {'h', (byte) 0xff}))))))
        .isEqualTo("k:\n    - 104\n    - 255\n");
  }

  @Test
  void nestedStructuresIndentAsGoYamlV3() {
    Mapping doc = Mapping.of(
        field("list", Sequence.of(
            Mapping.of(field("a", str("1")), field("b", Mapping.of(field("c", str("d"))))),
            Sequence.of(str("x"), str("y")),
            str("multi\nline"))),
        field("map", Mapping.of(field("inner", Sequence.of(str("v"))))));
    assertThat(print(Documents.of(doc))).isEqualTo("list:\n"
        + "    - a: \"1\"\n"
        + "      b:\n"
        + "        c: d\n"
        + "    - - x\n"
        + "      - \"y\"\n"
        + "    - |-\n"
        + "      multi\n"
        + "      line\n"
        + "map:\n"
        + "    inner:\n"
        + "        - v\n");
  }

  @Test
  void writeEncryptedAppendsMetadataToEveryDocument() throws Exception {
    Mapping metadata = Mapping.of(field("lastmodified", str("2021-09-30T19:49:41Z")),
        field("age", Sequence.of(Mapping.of(field("recipient", str("age1x")), field("enc", str("armored\ntext\n"))))),
        field("version", str("3.7.1")));
    Documents docs = Documents.of(Mapping.of(field("a", str("ENC[x]")), new Comment(" tail")),
        Mapping.of(field("b", str("ENC[y]"))));
    String written = new String(store.writeEncrypted(docs, metadata), StandardCharsets.UTF_8);
    String sops = "sops:\n    lastmodified: \"2021-09-30T19:49:41Z\"\n    age:\n        - recipient: age1x\n"
        + "          enc: |\n            armored\n            text\n    version: 3.7.1\n";
    assertThat(written).isEqualTo("a: ENC[x]\n# tail\n" + sops + "---\nb: ENC[y]\n" + sops);
    EncryptedFile back = store.readEncrypted(written.getBytes(StandardCharsets.UTF_8), "out.yaml");
    assertThat(back.metadata()).isEqualTo(metadata);
    assertThat(back.documents()).isEqualTo(docs);
    assertThatThrownBy(() -> store.writeEncrypted(Documents.of(Mapping.of(field("sops", str("x")))), metadata))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
  }

  @Test
  void inputEncodings() throws Exception {
    byte[] bom = "\uFEFFa: b\r\nc: \"d\"\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(store.readPlain(bom, "bom.yaml").first()).isEqualTo(Mapping.of(field("a", str("b")), field("c", str("d"))));
    byte[] utf16 = "\uFEFFk: é\n".getBytes(StandardCharsets.UTF_16LE);
    assertThat(store.readPlain(utf16, "u16.yaml").first()).isEqualTo(Mapping.of(field("k", str("é"))));
    assertThatThrownBy(() -> store.readPlain(new byte[] {'a', ':', ' ', (byte) 0xc3, (byte) 0xa9, '\n', 'b', ':', ' ',
        (byte) 0xff, '\n'}, "bad.yaml"))
        .isInstanceOf(SopsParseException.class).hasMessage("bad.yaml:2: invalid UTF-8 in YAML input");
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`- a\n- b\n`|1|top level must be a mapping",
      "`just a value\n`|1|top level must be a mapping",
      "`a: 1\nb:\n  c: 2\n  c: 3\n`|4|mapping key \"c\" already defined at line 3",
      "`a: x\n1: y\n`|2|non-string key",
      "`a: x\ntrue: y\n`|2|non-string key",
      "`a: x\n? [k]\n: v\n`|2|non-string key",
      "`a: x\nb: \"unclosed\n`|3|invalid YAML",
      "`a:\n\t- b\n`|2|invalid YAML",
      "`a: !!int nope\n`|1|cannot decode a !!str scalar as !!int",
      "`a: 18446744073709551615\n`|1|64-bit",
      "`a: *missing\n`|1|unknown anchor",
      "`a: 1\nb: x\u0001y\n`|2|control character U+0001",
      "`a: 1\nb:\n  <<: 1\n`|3|map merge requires map or sequence of maps"})
  void badInputNamesFileAndLine(String yaml, int line, String problem) {
    assertThatThrownBy(() -> read(yaml))
        .isInstanceOfSatisfying(SopsParseException.class, e -> {
          assertThat(e.source()).isEqualTo("in.yaml");
          assertThat(e.line()).isEqualTo(line);
          assertThat(e.getMessage()).startsWith("in.yaml:" + line + ": ").contains(problem);
        });
  }

  @Test
  void errorsNameTheKeyPath() {
    assertThatThrownBy(() -> read("outer:\n  inner:\n    x: !!bool " + CANARY + "\n"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.keyPath()).isEqualTo("outer:inner:x:"));
  }

  @Test
  void sopsKeyIsReservedInPlainFiles() {
    assertThatThrownBy(() -> read("a: 1\nsops:\n    version: 3.7.1\n"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("already encrypted");
    assertThatThrownBy(() -> store.readEncrypted("a: 1\nsops: text\n".getBytes(StandardCharsets.UTF_8), "x.yaml"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("not a mapping");
  }

  @Test
  void readEncryptedWithoutMetadataGivesEmptyMetadata() throws Exception {
    EncryptedFile file = store.readEncrypted("hello: 2\n".getBytes(StandardCharsets.UTF_8), "x.yaml");
    assertThat(file.metadata()).isEqualTo(Mapping.of());
    assertThat(file.documents().first()).isEqualTo(Mapping.of(field("hello", new Scalar.Int(2))));
  }

  @Test
  void secretValuesNeverAppearInErrors() {
    List<String> inputs = List.of(
        "password: !!int " + CANARY + "\n",
        "password: !!float " + CANARY + "\n",
        "password: \"" + CANARY + "\n",
        "password: '" + CANARY + "\n",
        CANARY + "\n",
        "- " + CANARY + "\n",
        "a: " + CANARY + "\n\tb: 1\n",
        "a: [" + CANARY + "\n",
        "a: " + CANARY + "\na: " + CANARY + "\n",
        "a: !!binary " + CANARY + "!\n",
        "a: {k: " + CANARY + ": 2}\n",
        "a: " + CANARY + " : x\n  y\n");
    for (String input : inputs) {
      assertThatThrownBy(() -> read(input)).as(input)
          .isInstanceOf(SopsParseException.class)
          .satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain(CANARY);
            assertThat(e.getCause()).isNull();
          });
    }
  }
}
