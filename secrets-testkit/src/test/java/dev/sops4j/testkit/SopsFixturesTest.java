package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.MlKem768X25519Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsDataKeyException;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SecretsTest
class SopsFixturesTest {

  @Test
  void writesANestedMapAsYamlKeepingOrderAndTypes(SopsFixtures sops) throws Exception {
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("user", "app");
    db.put("password", "canary-7f3a");
    db.put("port", 5432);
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("zeta", true);
    content.put("db", db);
    content.put("hosts", List.of("a", "b"));
    content.put("ratio", 0.5);
    content.put("nothing", null);

    Path file = sops.write("config/secrets.yaml", content);

    assertThat(file).isEqualTo(sops.directory().resolve("config/secrets.yaml"));
    String text = Files.readString(file);
    assertThat(text).doesNotContain("canary-7f3a").contains("ENC[AES256_GCM,").contains("sops:");
    SopsFile decrypted = sops.decrypt(file);
    Map<String, Object> tree = decrypted.toMap();
    assertThat(tree.keySet()).containsExactly("zeta", "db", "hosts", "ratio", "nothing");
    assertThat(tree).containsEntry("zeta", true).containsEntry("hosts", List.of("a", "b"))
        .containsEntry("ratio", 0.5).containsEntry("nothing", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> decryptedDb = (Map<String, Object>) tree.get("db");
    assertThat(decryptedDb.keySet()).containsExactly("user", "password", "port");
    assertThat(decryptedDb).containsEntry("password", "canary-7f3a").containsEntry("port", 5432L);
  }

  @Test
  void everyFormatFromItsName(SopsFixtures sops) throws Exception {
    Map<String, String> flat = Map.of("token", "t0k3n");
    for (String name : List.of("a.json", "a.env", "a.yml")) {
      Path file = sops.write(name, flat);
      assertThat(sops.decrypt(file).text("token")).as(name).isEqualTo("t0k3n");
    }
    Path ini = sops.write("a.ini", Map.of("section", Map.of("key", "v")));
    assertThat(sops.decrypt(ini).text("section/key")).isEqualTo("v");
    Path binary = sops.file("blob.bin").write("raw bytes\n");
    assertThat(sops.decrypt(binary).emit()).isEqualTo("raw bytes\n".getBytes(StandardCharsets.UTF_8));
    Path forced = sops.file("no-extension").format(Format.JSON).write(Map.of("k", "v"));
    assertThat(Files.readString(forced)).startsWith("{");
  }

  @Test
  void plaintextInTheFilesFormat(SopsFixtures sops) throws Exception {
    Path file = sops.write("plain.yaml", "# a comment\nb: 2\na: one\n");
    SopsFile decrypted = sops.decrypt(file);
    assertThat(decrypted.toMap().keySet()).containsExactly("b", "a");
    assertThat(new String(decrypted.emit(), StandardCharsets.UTF_8)).contains("# a comment");
  }

  @Test
  void toTheTestsRecipientsByDefaultEachOneAlone(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.write("s.json", Map.of("k", "v"));
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(keys.x25519()))).text("k")).isEqualTo("v");
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(keys.mlKem768X25519()))).text("k")).isEqualTo("v");
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(keys.ssh().identity()))).text("k")).isEqualTo("v");
  }

  @Test
  void givenRecipientsOnly(SopsFixtures sops, TestKeys keys) throws Exception {
    X25519Identity other = X25519Identity.generate();
    Path file = sops.file("other.yaml").to(other.recipient()).write(Map.of("k", "v"));
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(other))).text("k")).isEqualTo("v");
    assertThatThrownBy(() -> sops.decrypt(file)).isInstanceOf(SopsDataKeyException.class);
  }

  @Test
  void keyGroupsWithAThreshold(SopsFixtures sops) throws Exception {
    X25519Identity alice = X25519Identity.generate();
    MlKem768X25519Identity bob = MlKem768X25519Identity.generate();
    X25519Identity carol = X25519Identity.generate();
    Path oneOfThree = sops.file("shamir.yaml").keyGroup(alice.recipient()).keyGroup(bob.recipient())
        .keyGroup(carol.recipient()).threshold(2).write(Map.of("k", "v"));

    assertThat(Sops.decrypt(oneOfThree, KeyRing.of(List.of(alice, carol))).text("k")).isEqualTo("v");
    assertThat(Sops.decrypt(oneOfThree, KeyRing.of(List.of(bob, carol))).text("k")).isEqualTo("v");
    assertThatThrownBy(() -> Sops.decrypt(oneOfThree, KeyRing.of(List.of(alice))))
        .isInstanceOf(SopsDataKeyException.class);
    assertThatThrownBy(() -> sops.file("bad.yaml").keyGroup(alice.recipient()).threshold(2).write(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold 2");
  }

  @Test
  void unsupportedValuesNameTheKeyPathNotTheValue(SopsFixtures sops) {
    assertThatThrownBy(() -> sops.write("x.yaml", Map.of("db", Map.of("when", new StringBuilder[0]))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("db/when");
  }
}
