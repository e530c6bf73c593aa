package com.example.secrets;

import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.testkit.KeyScope;
import dev.sops4j.testkit.RuntimeDir;
import dev.sops4j.testkit.SecretsAssertions;
import dev.sops4j.testkit.SecretsTest;
import dev.sops4j.testkit.SopsFixtures;
import dev.sops4j.testkit.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SecretsTest(keys = KeyScope.PER_METHOD)
class DatabaseSecretsTest {

  /** The code under test: decrypts the password and leaves it in a file only its owner can read. */
  static Path installPassword(Path sopsFile, TestKeys keys, Path runtime) throws Exception {
    SopsFile secrets = Sops.decrypt(sopsFile, keys.keyRing());
    Path target = runtime.resolve("db-password");
    Files.writeString(target, secrets.text("db/password"));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--------"));
    return target;
  }

  @Test
  void installsTheDatabasePassword(SopsFixtures sops, TestKeys keys, @RuntimeDir Path runtime)
      throws Exception {
    Path encrypted = sops.write("secrets.yaml",
        Map.of("db", Map.of("user", "app", "password", "correct horse battery staple")));

    Path installed = installPassword(encrypted, keys, runtime);

    SecretsAssertions.assertThat(installed)
        .exists()
        .hasMode("0400")
        .isOwnedBy(System.getProperty("user.name"))
        .hasContent("correct horse battery staple")
        .hasNoPlaceholders();
    SecretsAssertions.assertThat(encrypted).asSopsFile()
        .isEncryptedTo(keys.x25519().recipient())
        .decryptsWith(keys.ssh().identity())
        .hasValidMac()
        .hasValueAt("db/user", "app");
  }

  @Test
  void splitsTheDataKeyBetweenTwoTeams(SopsFixtures sops, TestKeys keys) throws Exception {
    Path shared = sops.file("shared.json")
        .keyGroup(keys.x25519().recipient())
        .keyGroup(keys.mlKem768X25519().recipient())
        .threshold(2)
        .write(Map.of("hosts", List.of("db1", "db2")));

    SecretsAssertions.assertThat(shared).asSopsFile()
        .hasKeyGroups(2)
        .doesNotDecryptWith(keys.x25519())
        .decryptsWith(keys.x25519(), keys.mlKem768X25519())
        .hasValueAt("hosts/1", "db2");
  }
}
