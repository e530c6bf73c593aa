package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.template.Placeholders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

@SecretsTest
class SecretFileAssertTest {
  private static final String CANARY = "canary-Zq81-do-not-print";

  private static Path secret(Path dir, String name, String content, String mode) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  /** Runs a failing assertion and returns its message, which must not contain the canary. */
  private static String failure(ThrowingCallable check) {
    AssertionError error = catchThrowableOfType(AssertionError.class, check);
    assertThat(error).as("the assertion should have failed").isNotNull();
    assertThat(error.getMessage()).doesNotContain(CANARY).doesNotContain("Zq81");
    return error.getMessage();
  }

  @Test
  void passingChecks(@RuntimeDir Path dir) throws Exception {
    Path file = secret(dir, "db-password", "pw=" + CANARY + "\n", "r--------");
    SecretsAssertions.assertThatSecretFile(file).exists().hasMode("0400").hasMode("400").hasMode("r--------")
        .isOwnedBy(System.getProperty("user.name")).isOwnedBy((Integer) Files.getAttribute(file, "unix:uid"))
        .hasContent("pw=" + CANARY + "\n").contentContains(CANARY).contentDoesNotContain("other")
        .hasNoPlaceholders();
    SecretsAssertions.assertThatSecretFile(dir.resolve("missing")).doesNotExist();
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("db-password"));
    SecretsAssertions.assertThatSecretFile(link).isSymbolicLinkTo(Path.of("db-password")).hasMode("0400");
  }

  @Test
  void contentFailuresShowLengthsAndHashesNotValues(@RuntimeDir Path dir) throws Exception {
    Path file = secret(dir, "token", CANARY, "rw-------");

    String differs = failure(() -> SecretsAssertions.assertThatSecretFile(file).hasContent(CANARY + "x"));
    assertThat(differs).contains(file.toString()).contains(CANARY.length() + " bytes")
        .contains((CANARY.length() + 1) + " bytes").contains("first difference at byte " + CANARY.length());

    String wrongExpected = failure(() -> SecretsAssertions.assertThatSecretFile(file).hasContent("short"));
    assertThat(wrongExpected).contains("sha256");

    String notContained = failure(() -> SecretsAssertions.assertThatSecretFile(file).contentContains("Zq81-missing"));
    assertThat(notContained).contains(file.toString());

    String contained = failure(() -> SecretsAssertions.assertThatSecretFile(file).contentDoesNotContain(CANARY));
    assertThat(contained).contains("line 1");
  }

  @Test
  void modeOwnerAndExistenceFailures(@RuntimeDir Path dir) throws Exception {
    Path file = secret(dir, "key", CANARY, "rw-r-----");

    assertThat(failure(() -> SecretsAssertions.assertThatSecretFile(file).hasMode("0400")))
        .contains("mode 0400 (r--------) but it has 0640 (rw-r-----)");
    assertThat(failure(() -> SecretsAssertions.assertThatSecretFile(file).isOwnedBy("nobody-here")))
        .contains("owned by user nobody-here");
    assertThat(failure(() -> SecretsAssertions.assertThatSecretFile(file).isOwnedBy(4242))).contains("uid 4242");
    assertThat(failure(() -> SecretsAssertions.assertThatSecretFile(dir.resolve("none")).exists()))
        .contains("to exist");
    assertThat(failure(() -> SecretsAssertions.assertThatSecretFile(file).doesNotExist())).contains("not to exist");
  }

  @Test
  void placeholdersOfBothFormsAreFoundWithTheirLines(@RuntimeDir Path dir) throws Exception {
    String template = "password=" + CANARY + "\n"
        + "user=" + Placeholders.sopsNix("db/user") + "\n"
        + "host={{sops:db/host}}\n"
        + "port={{  sops:db/port\t}}\n"
        + "mustache={{ other }}\n";
    Path rendered = secret(dir, "app.conf", template, "r--------");

    String message = failure(() -> SecretsAssertions.assertThatSecretFile(rendered).hasNoPlaceholders());
    assertThat(message).contains("found 3").contains("line 2: " + Placeholders.sopsNix("db/user"))
        .contains("line 3: {{sops:db/host}}").contains("line 4:").doesNotContain("other");
  }
}
