package dev.sops4j.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final PlaceholderIndex INDEX =
      PlaceholderIndex.of(List.of("db/user", "db/password", "api"));
  private static final SecretLookup VALUES = SecretLookup.ofStrings(Map.of(
      "db/user", "app", "db/password", "s3cr3t-CANARY", "api", "tok\n"));

  @Test
  void rendersBothFormsAndKeepsEverythingElseByteForByte() throws Exception {
    String text = "user=" + Placeholders.sopsNix("db/user") + "\n"
        + "pass={{ sops:db/password }}\n"
        + "compact={{sops:db/user}} spaced={{ \t sops: api \t}}|end";
    Template t = Template.parse("app.env", text, INDEX);
    assertThat(t.problems()).isEmpty();
    assertThat(t.secretNames()).containsExactly("db/user", "db/password", "api");
    assertThat(t.references()).extracting(Reference::form).containsExactly(
        Reference.Form.SOPS_NIX, Reference.Form.READABLE, Reference.Form.READABLE,
        Reference.Form.READABLE);
    assertThat(t.references()).extracting(Reference::line).containsExactly(1, 2, 3, 3);
    assertThat(t.renderString(VALUES)).isEqualTo(
        "user=app\npass=s3cr3t-CANARY\ncompact=app spaced=tok\n|end");
  }

  @Test
  void adjacentPlaceholdersAndRepeatedUse() throws Exception {
    String text = "{{ sops:db/user }}{{ sops:db/user }}" + Placeholders.sopsNix("db/user")
        + "{{sops:api}}";
    assertThat(Template.parse("t", text, INDEX).renderString(VALUES)).isEqualTo("appappapptok\n");
  }

  @Test
  void noNewlineIsAddedOrRemoved() throws Exception {
    // The value "tok\n" keeps its newline (sops-nix issue 897); the template has none at the end.
    assertThat(Template.parse("t", "x={{ sops:api }}", INDEX).renderString(VALUES))
        .isEqualTo("x=tok\n");
    assertThat(Template.parse("t", "x={{ sops:api }}\n\n", INDEX).renderString(VALUES))
        .isEqualTo("x=tok\n\n\n");
    assertThat(Template.parse("t", "", INDEX).renderString(VALUES)).isEmpty();
  }

  @Test
  void unknownNamesAreAllListedTogetherWithLinesAndNoValues() {
    String stray = Placeholders.sopsNix("not/in/manifest");
    String text = "a={{ sops:missing/one }}\nb={{ sops:db/password }}\nc=" + stray
        + "\nd={{ sops:missing/one }} {{ sops:other }}\n";
    Template t = Template.parse("app.conf", text, INDEX);
    assertThat(t.unknownSecrets()).containsExactly("missing/one", stray, "other");
    TemplateException e = catchThrowableOfType(() -> t.render(VALUES), TemplateException.class);
    assertThat(e.templateName()).isEqualTo("app.conf");
    assertThat(e.unknownSecrets()).containsExactly("missing/one", stray, "other");
    assertThat(e.getMessage()).startsWith("template 'app.conf': unknown secrets ")
        .contains("'missing/one' (lines 1, 4)").contains("'" + stray + "' (line 3)")
        .contains("'other' (line 4)").doesNotContain("CANARY").doesNotContain("db/password");
  }

  @Test
  void secretsWithoutValueAreAllListedAndValuesNeverAppear() {
    Template t = Template.parse("t", "{{ sops:db/password }} {{ sops:api }} {{ sops:db/user }}",
        INDEX);
    SecretLookup partial = SecretLookup.ofStrings(Map.of("db/password", "s3cr3t-CANARY"));
    TemplateException e = catchThrowableOfType(() -> t.render(partial), TemplateException.class);
    assertThat(e.unknownSecrets()).containsExactly("api", "db/user");
    assertThat(e.getMessage()).contains("no value for secrets 'api' (line 1), 'db/user' (line 1)")
        .doesNotContain("CANARY");
  }

  @Test
  void binarySafe() throws Exception {
    byte[] text = {(byte) 0xff, 0, '{', '{', 's', 'o', 'p', 's', ':', 'a', 'p', 'i', '}', '}',
        (byte) 0xc3, 0x28, '\r', '\n'};
    byte[] value = {0, (byte) 0x80, (byte) 0xfe, '\n', 0};
    byte[] out = Template.parse("bin", text, INDEX).render(SecretLookup.ofBytes(Map.of("api", value)));
    assertThat(out).containsExactly((byte) 0xff, 0, 0, (byte) 0x80, (byte) 0xfe, '\n', 0,
        (byte) 0xc3, 0x28, '\r', '\n');
  }

  @Test
  void insertedValuesAreNotScannedAgain() throws Exception {
    SecretLookup tricky = SecretLookup.ofStrings(Map.of(
        "db/user", "{{ sops:db/password }}", "db/password", "pw"));
    assertThat(Template.parse("t", "{{ sops:db/user }}/{{ sops:db/password }}", INDEX)
        .renderString(tricky)).isEqualTo("{{ sops:db/password }}/pw");
  }

  @Test
  void utf8NamesInTheReadableForm() throws Exception {
    PlaceholderIndex index = PlaceholderIndex.of(List.of("clé/ü"));
    assertThat(Template.parse("t", "[{{ sops:clé/ü }}]", index)
        .renderString(SecretLookup.ofStrings(Map.of("clé/ü", "v")))).isEqualTo("[v]");
  }

  @Test
  void otherDoubleBraceSyntaxAndStrayTextStayVerbatim() throws Exception {
    String text = "{{ .Values.x }} {{sops}} {{ SOPS:api }} <SOPS:short <SOPS: and ${db} @db@ {{";
    Template t = Template.parse("t", text, INDEX);
    assertThat(t.problems()).isEmpty();
    assertThat(t.renderString(VALUES)).isEqualTo(text);
  }

  @Test
  void malformedPlaceholdersAreReportedWithTheirLines() {
    String text = "ok\n{{ sops: }}\n{{ sops:a b }}\n<SOPS:abc:PLACEHOLDER>\n{{ sops:api }}";
    Template t = Template.parse("t", text, INDEX);
    assertThat(t.problems()).hasSize(3);
    assertThat(t.problems().get(0)).contains("line 2");
    assertThat(t.problems().get(1)).contains("line 3");
    assertThat(t.problems().get(2)).contains("line 4").contains("64 lowercase hex");
    assertThatThrownBy(t::check).isInstanceOf(TemplateException.class);
  }

  @Test
  void uppercaseHashIsNotTheSopsNixForm() {
    String upper = "<SOPS:" + Placeholders.sha256Hex("api").toUpperCase() + ":PLACEHOLDER>";
    assertThat(Template.parse("t", upper, INDEX).problems()).singleElement()
        .asString().contains("malformed sops-nix placeholder");
  }

  @Test
  void customPlaceholderStringsFromASopsNixManifestAreReplacedToo() throws Exception {
    PlaceholderIndex index = PlaceholderIndex.of(List.of("api", "db/user"),
        Map.of("api", "@@API@@", "db/user", Placeholders.sopsNix("db/user"), "ghost", "GHOST"));
    assertThat(index.customLiterals()).containsOnlyKeys("@@API@@");
    Template t = Template.parse("t", "a=@@API@@ b=" + Placeholders.sopsNix("db/user") + " GHOST",
        index);
    assertThat(t.references()).extracting(Reference::form)
        .containsExactly(Reference.Form.CUSTOM, Reference.Form.SOPS_NIX);
    assertThat(t.renderString(VALUES)).isEqualTo("a=tok\n b=app GHOST");
  }

  @Test
  void multiLineCustomPlaceholdersKeepLineNumbersRight() {
    PlaceholderIndex index = PlaceholderIndex.of(List.of("api"), Map.of("api", "<<\nAPI\n>>"));
    Template t = Template.parse("t", "<<\nAPI\n>>\n{{ sops:nope }}", index);
    assertThat(t.problems()).singleElement().asString().contains("'nope' (line 4)");
  }

  @Test
  void theTemplateKeepsItsOwnCopyOfTheBytes() throws Exception {
    byte[] text = "x={{ sops:api }}".getBytes(StandardCharsets.UTF_8);
    Template t = Template.parse("t", text, INDEX);
    text[0] = 'y';
    assertThat(t.renderString(VALUES)).isEqualTo("x=tok\n");
  }

  @Test
  void rendersTheTemplateOfSopsNixsNixosTestAsItExpects() throws Exception {
    // checks/nixos-test.nix: test_template with config.sops.placeholder.test_key; test-assets
    // secrets.yaml holds test_key = test_value.
    String content = "This line is not modified.\n"
        + "The next value will be replaced by " + Placeholders.sopsNix("test_key") + "\n"
        + "This line is also not modified.\n";
    Template t = Template.parse("test_template", content, PlaceholderIndex.of(List.of("test_key")));
    assertThat(t.renderString(SecretLookup.ofStrings(Map.of("test_key", "test_value"))))
        .isEqualTo("This line is not modified.\nThe next value will be replaced by test_value\n"
            + "This line is also not modified.\n");
  }
}
