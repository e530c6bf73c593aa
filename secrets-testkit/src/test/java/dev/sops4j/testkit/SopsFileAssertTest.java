package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.age.X25519Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

@SecretsTest
class SopsFileAssertTest {
  private static final String CANARY = "canary-Pk55-never-shown";

  private static String failure(ThrowingCallable check) {
    AssertionError error = catchThrowableOfType(AssertionError.class, check);
    assertThat(error).as("the assertion should have failed").isNotNull();
    assertThat(error.getMessage()).doesNotContain(CANARY).doesNotContain("Pk55");
    return error.getMessage();
  }

  private static Map<String, Object> content() {
    Map<String, Object> db = new LinkedHashMap<>();
    db.put("password", CANARY);
    db.put("port", 5432);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("db", db);
    root.put("hosts", List.of("a", "b"));
    root.put("note_unencrypted", "hello");
    return root;
  }

  @Test
  void passingChecks(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.write("secrets.yaml", content());
    SecretsAssertions.assertThatSopsFile(file)
        .isEncryptedTo(keys.x25519().recipient(), keys.mlKem768X25519().recipient(), keys.ssh().recipient())
        .isNotEncryptedTo(X25519Identity.generate().recipient())
        .hasKeyGroups(1)
        .decryptsWith(keys.ssh().identity())
        .hasValidMac()
        .hasValueAt("db/password", CANARY).hasValueAt("db/port", 5432).hasValueAt("db/port", "5432")
        .hasValueAt("hosts", List.of("a", "b")).hasValueAt("hosts/1", "b").hasValueAt("db")
        .hasNoValueAt("db/user")
        .doesNotDecryptWith(X25519Identity.generate());
    SecretsAssertions.assertThatSopsFile(file).usingKeys(keys.keyRing()).hasValueAt("note_unencrypted", "hello");
  }

  @Test
  void valueFailuresNeverShowTheValue(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.write("secrets.json", content());
    SopsFileAssert opened = SecretsAssertions.assertThatSopsFile(file).decryptsWith(keys.x25519());

    String differs = failure(() -> opened.hasValueAt("db/password", CANARY + "!"));
    assertThat(differs).contains("db/password").contains(CANARY.length() + " bytes")
        .contains((CANARY.length() + 1) + " bytes");
    String otherWay = failure(() -> opened.hasValueAt("db/password", "x"));
    assertThat(otherWay).contains("sha256");
    assertThat(failure(() -> opened.hasValueAt("db/user", CANARY))).contains("no value at").contains("password");
    assertThat(failure(() -> opened.hasValueAt("db", CANARY))).contains("mapping");
    assertThat(failure(() -> opened.hasValueAt("db", Map.of("password", CANARY)))).contains("differs");
    assertThat(failure(() -> opened.hasNoValueAt("db/password"))).contains("db/password");
  }

  @Test
  void aChangedValueBreaksTheMac(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.write("secrets.yaml", content());
    Files.writeString(file, Files.readString(file).replace("note_unencrypted: hello", "note_unencrypted: hullo"));

    SopsFileAssert opened = SecretsAssertions.assertThatSopsFile(file).decryptsWith(keys.x25519());
    assertThat(failure(opened::hasValidMac)).contains("valid MAC").contains(file.toString());
    // the values still read (the MAC is a separate check)
    opened.hasValueAt("db/password", CANARY);
  }

  @Test
  void recipientAndKeyFailures(SopsFixtures sops, TestKeys keys) throws Exception {
    X25519Identity stranger = X25519Identity.generate();
    Path file = sops.file("only-x.yaml").to(keys.x25519().recipient()).write(content());

    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file).isEncryptedTo(stranger.recipient())))
        .contains(stranger.recipient().encode()).contains(keys.x25519().recipient().encode());
    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file)
        .isNotEncryptedTo(keys.x25519().recipient()))).contains("not to be encrypted to");
    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file).decryptsWith(stranger)))
        .contains("to decrypt");
    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file).doesNotDecryptWith(keys.x25519())))
        .contains("not to decrypt");
    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file).hasValidMac())).contains("needs keys");
    assertThat(failure(() -> SecretsAssertions.assertThatSopsFile(file).hasKeyGroups(2)))
        .contains("2 key group(s) but it has 1");
  }
}
