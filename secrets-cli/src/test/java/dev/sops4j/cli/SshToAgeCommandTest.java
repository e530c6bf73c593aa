package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Fixtures;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshToAgeCommandTest {
  private static final String ASSETS = "ssh-to-age/cmd/ssh-to-age/test-assets/";
  private static final String NL = System.lineSeparator();
  /** The converted identity of id_ed25519_passphrase (passphrase "test"), from ssh-to-age/EXPECTED-derived.txt. */
  private static final String PASSPHRASE_KEY_IDENTITY =
      "AGE-SECRET-KEY-1EJQ0DZ679RZ4MF6KDC8L8F327SHUULYD5XP53C08ZHYT0KQLNWJQHG7X8P";

  @TempDir Path dir;

  private final CliRunner cli = CliRunner.plain();

  private static String fixture(String name) {
    return Fixtures.path(name).toString();
  }

  @Test
  void publicKeyFromFileToStdout() {
    var result = cli.run("ssh-to-age", "-i", fixture(ASSETS + "id_ed25519.pub")).ok();

    assertThat(result.stdoutText()).isEqualTo("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452\n");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void privateKeyFromStdin() throws Exception {
    byte[] key = Files.readAllBytes(Fixtures.path(ASSETS + "id_ed25519"));

    var result = cli.runWithInput(key, "ssh-to-age", "-private-key").ok();

    assertThat(result.stdoutText())
        .isEqualTo("AGE-SECRET-KEY-1K3VN4N03PTHJWSJSCCMQCN33RY5FSKQPJ4KRRTG3JMQUYE0TUSEQEDH6V8\n");
  }

  @Test
  void keyscanGivesOneLinePerEd25519KeyAndNotesTheRsaLines() {
    var result = cli.run("ssh-to-age", "-i", fixture(ASSETS + "keyscan.txt")).ok();

    assertThat(result.stdoutText()).isEqualTo("age1hjm3aujg9e79f5yth8a2cejzdjg5n9vnu96l05p70uvfpeltnpms7yy3pp\n"
        + "age1v8zjc47jmlqwefyu66s0d4ke98qr4vnuj3cpvs4z9npfdw833dxqwjrhzv\n");
    assertThat(result.stderr()).isEqualTo("skipping ssh-rsa key on line 2: only ed25519 keys convert" + NL
        + "skipping ssh-rsa key on line 6: only ed25519 keys convert" + NL);
  }

  @Test
  void sopsNixHostKeyBothWays() {
    String key = fixture("sops-nix/pkgs/sops-install-secrets/test-assets/ssh-ed25519-key");
    String expected = "age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs\n";

    assertThat(cli.run("ssh-to-age", "-i", key + ".pub").ok().stdoutText()).isEqualTo(expected);
    String identity = cli.run("ssh-to-age", "-private-key", "-i", key).ok().stdoutText();
    assertThat(cli.runWithInput(identity.getBytes(StandardCharsets.UTF_8), "age-keygen", "-y").ok().stdoutText())
        .isEqualTo(expected);
  }

  @Test
  void privateOutputFileIsOwnerOnlyAndReplacedAtomically() throws Exception {
    Path out = dir.resolve("age.key");
    Files.writeString(out, "old");

    var result = cli.run("ssh-to-age", "-private-key", "-i", fixture(ASSETS + "id_ed25519"), "-o", out.toString()).ok();

    assertThat(result.stdout()).isEmpty();
    assertThat(Files.readString(out)).startsWith("AGE-SECRET-KEY-1K3VN4N03");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void onlyRsaKeysIsAnError() {
    var result = cli.run("ssh-to-age", "-i", fixture("generated/id_rsa_test.pub"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY);
    assertThat(result.stderr()).contains("skipping ssh-rsa key on line 1: only ed25519 keys convert")
        .contains("sops4j: error: ").contains("no ssh-ed25519 public key found");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void rsaPrivateKeyIsRefused() {
    var result = cli.run("ssh-to-age", "-private-key", "-i", fixture("generated/id_rsa_test")).failsWith(ExitCodes.KEY);

    assertThat(result.stderr()).contains("only ed25519 keys convert");
  }

  @Test
  void passphraseProtectedKeyWithoutPassphraseFailsClearly() {
    String key = fixture(ASSETS + "id_ed25519_passphrase");
    var result = cli.run("ssh-to-age", "-private-key", "-i", key).failsWith(ExitCodes.KEY);

    assertThat(result.stderr()).isEqualTo("sops4j: error: " + key + ": passphrase-protected OpenSSH key and no "
        + "passphrase given (set SSH_TO_AGE_PASSPHRASE or run on a terminal)" + NL);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void passphraseFromTheEnvironment() {
    String key = fixture(ASSETS + "id_ed25519_passphrase");
    List<String> prompts = new ArrayList<>();
    Terminal terminal = prompt -> {
      prompts.add(prompt);
      return Optional.of("not this one".toCharArray());
    };

    var result = CliRunner.with(Map.of("SSH_TO_AGE_PASSPHRASE", "test"), terminal)
        .run("ssh-to-age", "-private-key", "-i", key).ok();

    assertThat(result.stdoutText()).isEqualTo(PASSPHRASE_KEY_IDENTITY + "\n");
    assertThat(prompts).as("the environment wins; the terminal is not asked").isEmpty();
  }

  @Test
  void passphraseFromTheTerminalNamesTheKey() throws Exception {
    String key = fixture(ASSETS + "id_ed25519_passphrase");
    List<String> prompts = new ArrayList<>();
    Terminal terminal = prompt -> {
      prompts.add(prompt);
      return Optional.of("test".toCharArray());
    };

    var fromFile = CliRunner.withTerminal(terminal).run("ssh-to-age", "-private-key", "-i", key).ok();
    var fromStdin = CliRunner.withTerminal(terminal)
        .runWithInput(Files.readAllBytes(Path.of(key)), "ssh-to-age", "-private-key").ok();

    assertThat(fromFile.stdoutText()).isEqualTo(PASSPHRASE_KEY_IDENTITY + "\n");
    assertThat(fromStdin.stdoutText()).isEqualTo(PASSPHRASE_KEY_IDENTITY + "\n");
    assertThat(prompts).containsExactly("Enter passphrase for " + key + ": ",
        "Enter passphrase for standard input: ");
  }

  @Test
  void wrongPassphraseIsAKeyErrorWithoutThePassphrase() {
    String key = fixture(ASSETS + "id_ed25519_passphrase");
    String canary = "canary-cli-pass-93a";

    var result = CliRunner.withEnv(Map.of("SSH_TO_AGE_PASSPHRASE", canary))
        .run("ssh-to-age", "-private-key", "-i", key).failsWith(ExitCodes.KEY);

    assertThat(result.stderr()).isEqualTo("sops4j: error: wrong passphrase for " + key + NL).doesNotContain(canary);
  }

  @Test
  void thePassphraseIsNeverAnArgument() {
    cli.run("ssh-to-age", "-private-key", "--passphrase", "test", "-i", fixture(ASSETS + "id_ed25519_passphrase"))
        .failsWith(ExitCodes.USAGE);
  }

  @Test
  void authorizedKeysLinesWithOptionsConvert() throws Exception {
    String key = Files.readString(Fixtures.path(ASSETS + "id_ed25519.pub")).strip();
    byte[] input = ("command=\"echo \\\"hi there\\\"\",no-pty " + key + "\n").getBytes(StandardCharsets.UTF_8);

    var result = cli.runWithInput(input, "ssh-to-age").ok();

    assertThat(result.stdoutText()).isEqualTo("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452\n");
  }

  @Test
  void failedConversionLeavesNoOutputFile() {
    Path out = dir.resolve("age.key");

    cli.run("ssh-to-age", "-private-key", "-i", fixture("generated/id_rsa_test"), "-o", out.toString())
        .failsWith(ExitCodes.KEY);

    assertThat(out).doesNotExist();
  }

  @Test
  void convertedKeysWorkWithRealAge() throws Exception {
    Path age = Peers.executable("age");
    Path sshKeygen = Peers.executable("ssh-keygen");
    Path key = dir.resolve("id_ed25519");
    run(List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "t", "-f", key.toString()));
    String recipient = cli.run("ssh-to-age", "-i", key + ".pub").ok().stdoutText().strip();
    Path identity = dir.resolve("age.key");
    cli.run("ssh-to-age", "-private-key", "-i", key.toString(), "-o", identity.toString()).ok();
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "converted keys work\n");
    Path encrypted = dir.resolve("plain.age");
    Path decrypted = dir.resolve("plain.out");

    run(List.of(age.toString(), "-r", recipient, "-o", encrypted.toString(), plain.toString()));
    run(List.of(age.toString(), "-d", "-i", identity.toString(), "-o", decrypted.toString(), encrypted.toString()));

    assertThat(decrypted).hasSameTextualContentAs(plain);
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, output).isZero();
  }
}
