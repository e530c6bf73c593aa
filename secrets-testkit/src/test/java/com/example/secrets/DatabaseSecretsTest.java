package com.example.secrets;

import static dev.sops4j.testkit.SecretsAssertions.assertThat;
import static dev.sops4j.testkit.SecretsAssertions.assertThatSecretFile;
import static dev.sops4j.testkit.SecretsAssertions.assertThatSopsFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.install.InstallResult;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.testkit.InstallFixtures;
import dev.sops4j.testkit.KeyScope;
import dev.sops4j.testkit.RuntimeDir;
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

    assertThatSecretFile(installed)
        .exists()
        .hasMode("0400")
        .isOwnedBy(System.getProperty("user.name"))
        .hasContent("correct horse battery staple")
        .hasNoPlaceholders();
    assertThatSopsFile(encrypted)
        .isEncryptedTo(keys.x25519().recipient())
        .decryptsWith(keys.ssh().identity())
        .hasValidMac()
        .hasValueAt("db/user", "app");
    assertThat(installed.getFileName().toString()).isEqualTo("db-password");  // AssertJ's, side by side
  }

  @Test
  void splitsTheDataKeyBetweenTwoTeams(SopsFixtures sops, TestKeys keys) throws Exception {
    Path shared = sops.file("shared.json")
        .keyGroup(keys.x25519().recipient())
        .keyGroup(keys.mlKem768X25519().recipient())
        .threshold(2)
        .write(Map.of("hosts", List.of("db1", "db2")));

    assertThatSopsFile(shared)
        .hasKeyGroups(2)
        .doesNotDecryptWith(keys.x25519())
        .decryptsWith(keys.x25519(), keys.mlKem768X25519())
        .hasValueAt("hosts/1", "db2");
  }

  @Test
  void installsSecretsAndRendersTheConfiguration(SopsFixtures sops, InstallFixtures install)
      throws Exception {
    Path encrypted = sops.write("app.yaml", Map.of("db", Map.of("password", "s3cret-1")));

    InstallResult first = install.secret("db/password").from(encrypted).mode("0440")
        .template("app.conf", "url=postgres://app:{{ sops:db/password }}@db1/app\n")
        .run();

    assertThat(first).switched().hasNoWarnings()
        .added("db/password", "rendered/app.conf")
        .renderedTemplate("app.conf").hasNoPlaceholders().contentContains(":s3cret-1@");
    assertThatSecretFile(install.secretPath("db/password")).hasMode("0440").hasContent("s3cret-1");

    sops.write("app.yaml", Map.of("db", Map.of("password", "s3cret-2")));
    InstallResult second = install.secret("db/password").from(encrypted).restartUnit("app.service")
        .run();

    assertThat(second).switched().hasGeneration(2)
        .modifiedSecrets("db/password").removedTemplates("app.conf")
        .restartsUnits("app.service");
    assertThatSecretFile(install.secretPath("db/password")).hasMode("0400").hasContent("s3cret-2");
    assertThatSecretFile(install.templatePath("app.conf")).doesNotExist();
  }
}
