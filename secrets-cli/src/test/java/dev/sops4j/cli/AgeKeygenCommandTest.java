package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeKeygenCommandTest {
  @TempDir Path dir;

  private final CliRunner cli = CliRunner.plain();

  @Test
  void writesAnOwnerOnlyIdentityFileAndPrintsThePublicKey() throws Exception {
    Path key = dir.resolve("key.txt");

    var result = cli.run("age-keygen", "-o", key.toString()).ok();

    List<String> lines = Files.readAllLines(key);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(lines.get(1)).matches("# public key: age1[02-9ac-hj-np-z]{58}");
    assertThat(lines.get(2)).matches("AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}");
    String publicKey = lines.get(1).substring("# public key: ".length());
    assertThat(result.stderr()).isEqualTo("Public key: " + publicKey + System.lineSeparator());
    assertThat(result.stdout()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void refusesToOverwriteAnExistingFile() throws Exception {
    Path key = dir.resolve("key.txt");
    Files.writeString(key, "precious");

    cli.run("age-keygen", "-o", key.toString()).failsWith(ExitCodes.FAILURE);

    assertThat(Files.readString(key)).isEqualTo("precious");
  }

  @Test
  void withoutOutputWritesTheFileTextToStdoutAndThePublicKeyToStderr() {
    var result = cli.run("age-keygen").ok();

    List<String> lines = result.stdoutText().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("AGE-SECRET-KEY-1");
    assertThat(result.stderr()).isEqualTo("Public key: " + lines.get(1).substring(14) + System.lineSeparator());
  }

  @Test
  void twoRunsGiveDifferentKeys() {
    assertThat(cli.run("age-keygen").ok().stdoutText().lines().skip(2).findFirst())
        .isNotEqualTo(cli.run("age-keygen").ok().stdoutText().lines().skip(2).findFirst());
  }

  @Test
  void convertPrintsTheRecipientOfEveryIdentityInAFile() throws Exception {
    String first = cli.run("age-keygen").ok().stdoutText();
    String second = cli.run("age-keygen").ok().stdoutText();
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, first + "\n# another one\n" + second);

    var result = cli.run("age-keygen", "-y", keys.toString()).ok();

    assertThat(result.stdoutText().lines().toList())
        .containsExactly(publicKeyComment(first), publicKeyComment(second));
  }

  @Test
  void convertReadsStandardInputWithoutAFile() {
    String identity = cli.run("age-keygen").ok().stdoutText();

    var result = cli.runWithInput(identity.getBytes(StandardCharsets.UTF_8), "age-keygen", "-y").ok();

    assertThat(result.stdoutText().strip()).isEqualTo(publicKeyComment(identity));
  }

  @Test
  void convertOfARecipientsFileFailsOnOneLineWithoutTheFileContent() throws Exception {
    String identity = cli.run("age-keygen").ok().stdoutText();
    Path file = dir.resolve("recipients.txt");
    Files.writeString(file, publicKeyComment(identity) + "\n");

    var result = cli.run("age-keygen", "-y", file.toString()).failsWith(ExitCodes.KEY);

    assertThat(result.stderr()).doesNotContain(publicKeyComment(identity));
  }

  @Test
  void postQuantumKeysUseTheirOwnPrefixes() throws Exception {
    Path key = dir.resolve("pq.txt");

    var result = cli.run("age-keygen", "--pq", "-o", key.toString()).ok();

    List<String> lines = Files.readAllLines(key);
    assertThat(lines.get(1)).startsWith("# public key: age1pq1");
    assertThat(lines.get(2)).startsWith("AGE-SECRET-KEY-PQ-1");
    assertThat(result.stderr().strip()).isEqualTo("Public key: " + lines.get(1).substring(14));
    assertThat(cli.run("age-keygen", "-y", key.toString()).ok().stdoutText().strip())
        .isEqualTo(lines.get(1).substring(14));
  }

  static String publicKeyComment(String identityFileText) {
    return identityFileText.lines().filter(l -> l.startsWith("# public key: ")).findFirst().orElseThrow()
        .substring("# public key: ".length());
  }
}
