package dev.sops4j.sops;

import static dev.sops4j.sops.OpsFixture.YAML;
import static dev.sops4j.sops.OpsFixture.changedLines;
import static dev.sops4j.sops.OpsFixture.decrypt;
import static dev.sops4j.sops.OpsFixture.encrypt;
import static dev.sops4j.sops.OpsFixture.ring;
import static dev.sops4j.sops.OpsFixture.text;
import static dev.sops4j.sops.OpsFixture.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Sops#set}: one value changed by path, every other ciphertext kept. */
class SopsSetTest {
  private static final String CANARY = "CANARY-7f3a9";
  private final X25519Identity alice = X25519Identity.generate();

  /** The file with a KMS master key added to its metadata (a key sops4j keeps but cannot use). */
  static byte[] withKmsKey(byte[] yaml) {
    String t = text(yaml).replace("\nsops:\n", "\nsops:\n    kms:\n        - arn: arn:aws:kms:eu-west-1:1:key/k\n"
        + "          created_at: \"2024-01-02T03:04:05Z\"\n          enc: AQICAHkms\n          aws_profile: \"\"\n");
    return t.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] set(byte[] file, Format format, String path, String json) throws Exception {
    return Sops.set(file, "s." + format.id(), format, ring(alice), SopsPath.parseExtract(path),
        Sops.parseSetValue(json, "value"));
  }

  @Test
  void changingOneYamlValueIsAOneLineDiffPlusMacAndLastmodified() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice));
    Thread.sleep(1000); // a new lastmodified second

    byte[] after = set(before, Format.YAML, "[\"db\"][\"password\"]", "\"n3w\"");

    assertThat(changedLines(before, after)).containsExactlyInAnyOrder("password:", "lastmodified:", "mac:");
    SopsFile file = decrypt(after, Format.YAML, alice);
    assertThat(file.text("db/password")).isEqualTo("n3w");
    assertThat(file.text("db/user")).isEqualTo("app");
  }

  @Test
  void jsonAndDotenvAreOneLineDiffsToo() throws Exception {
    byte[] json = encrypt(OpsFixture.JSON, Format.JSON, to(alice));
    byte[] env = encrypt(OpsFixture.DOTENV, Format.DOTENV, to(alice));
    Thread.sleep(1000);

    byte[] json2 = set(json, Format.JSON, "[\"token\"]", "\"t2\"");
    byte[] env2 = set(env, Format.DOTENV, "[\"OTHER\"]", "\"o2\"");

    assertThat(changedLines(json, json2)).containsExactlyInAnyOrder("\"token\":", "\"lastmodified\":", "\"mac\":");
    assertThat(changedLines(env, env2)).containsExactlyInAnyOrder("OTHER=", "sops_lastmodified=", "sops_mac=");
    assertThat(decrypt(json2, Format.JSON, alice).text("token")).isEqualTo("t2");
    assertThat(decrypt(env2, Format.DOTENV, alice).text("OTHER")).isEqualTo("o2");
    assertThat(decrypt(env2, Format.DOTENV, alice).text("API_KEY")).isEqualTo("k-123");
  }

  @Test
  void missingKeysAreAddedAndListIndicesPastTheEndAppend() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice));

    byte[] deep = set(before, Format.YAML, "[\"new\"][\"deep\"][0]", "{\"k\": 7, \"b\": [true]}");
    byte[] appended = set(deep, Format.YAML, "[\"hosts\"][9]", "\"gamma\"");
    byte[] replaced = set(appended, Format.YAML, "[\"hosts\"][1]", "\"BETA\"");
    byte[] overScalar = set(replaced, Format.YAML, "[\"db\"][\"user\"][\"name\"]", "\"x\"");

    SopsFile file = decrypt(overScalar, Format.YAML, alice);
    Map<String, Object> tree = file.toMap();
    assertThat(tree.get("new")).isEqualTo(Map.of("deep", List.of(Map.of("k", 7L, "b", List.of(true)))));
    assertThat(tree.get("hosts")).isEqualTo(List.of("alpha", "BETA", "gamma"));
    assertThat(((Map<?, ?>) tree.get("db")).get("user")).isEqualTo(Map.of("name", "x"));
    assertThat(text(file.emit())).contains("# between\n"); // comments stay
  }

  @Test
  void aBareNumberIsAFloatAsInSops() throws Exception {
    Node n = Sops.parseSetValue("42", "value");
    Node inObject = Sops.parseSetValue("{\"n\": 42}", "value");

    assertThat(n).isEqualTo(new Scalar.Float(42));
    assertThat(inObject.toString()).contains("n");
    byte[] after = set(encrypt(YAML, Format.YAML, to(alice)), Format.YAML, "[\"db\"][\"port\"]", "5433");
    assertThat(text(after)).contains("type:float]");
    assertThat(decrypt(after, Format.YAML, alice).text("db/port")).isEqualTo("5433");
  }

  @Test
  void otherMasterKeysAreWrittenBackUnchanged() throws Exception {
    byte[] before = withKmsKey(encrypt(YAML, Format.YAML, to(alice)));

    byte[] after = set(before, Format.YAML, "[\"db\"][\"user\"]", "\"root\"");

    assertThat(text(after)).contains("- arn: arn:aws:kms:eu-west-1:1:key/k", "enc: AQICAHkms",
        "created_at: \"2024-01-02T03:04:05Z\"");
    assertThat(decrypt(after, Format.YAML, alice).text("db/user")).isEqualTo("root");
  }

  @Test
  void badPathsAndValuesFailClearlyWithoutTheValue() throws Exception {
    byte[] yaml = encrypt(YAML, Format.YAML, to(alice));
    byte[] env = encrypt(OpsFixture.DOTENV, Format.DOTENV, to(alice));

    assertThatThrownBy(() -> set(yaml, Format.YAML, "[\"hosts\"][\"x\"]", "\"" + CANARY + "\""))
        .isInstanceOf(SopsPathException.class).hasMessageContaining("s.yaml: cannot set [\"hosts\"][\"x\"]")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> set(yaml, Format.YAML, "[\"sops\"][\"mac\"]", "\"" + CANARY + "\""))
        .isInstanceOf(SopsPathException.class).hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> set(env, Format.DOTENV, "[\"API_KEY\"]", "{\"nested\": \"" + CANARY + "\"}"))
        .isInstanceOf(SopsValueException.class).hasMessageStartingWith("s.dotenv: ")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> Sops.parseSetValue("{\"a\": \"" + CANARY + "\"", "value"))
        .isInstanceOf(SopsParseException.class).hasMessageStartingWith("value: ").hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> Sops.parseSetValue("\"" + CANARY + "\", \"value\": 1", "value"))
        .isInstanceOf(SopsParseException.class).hasMessageNotContaining(CANARY);
  }

  @Test
  void setIfChangedComparesValueAndType() throws Exception {
    byte[] file = encrypt(YAML, Format.YAML, to(alice));
    SopsPath port = SopsPath.parseExtract("[\"db\"][\"port\"]");

    assertThat(Sops.setIfChanged(file, "s.yaml", Format.YAML, ring(alice), port, new Scalar.Int(5432))).isEmpty();
    assertThat(Sops.setIfChanged(file, "s.yaml", Format.YAML, ring(alice), port, Sops.parseSetValue("5432", "v")))
        .isPresent(); // a float 5432 is not the int 5432, as in sops
  }
}
