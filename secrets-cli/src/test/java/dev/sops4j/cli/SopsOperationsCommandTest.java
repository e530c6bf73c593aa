package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.testkit.SecretsAssertions;
import dev.sops4j.testkit.SecretsTest;
import dev.sops4j.testkit.SopsFileAssert;
import dev.sops4j.testkit.SopsFixtures;
import dev.sops4j.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sops4j updatekeys}, {@code rotate} and {@code set}: results, confirmation and exit codes. */
@SecretsTest
class SopsOperationsCommandTest {
  private static final String CANARY = "CANARY-51d0e";
  private static final String PLAIN = "db:\n    user: app\n    password: hunter2\nlist:\n    - a\n";

  /** An empty home: only the key options of each command count. */
  @TempDir Path home;

  private final X25519Identity bob = X25519Identity.generate();
  private X25519Identity alice;
  private Path aliceKey;
  private Path dir;
  private Path file;

  @BeforeEach
  void setUp(TestKeys keys, SopsFixtures sops) throws Exception {
    alice = keys.x25519();
    aliceKey = keys.ageKeyFile();
    dir = sops.directory();
    file = sops.file("secrets.yaml").to(alice.recipient()).write(PLAIN);
  }

  /** The file as it is now, opened with {@code id}. */
  private SopsFileAssert fileOpenedWith(X25519Identity id) {
    return SecretsAssertions.assertThatSopsFile(file).decryptsWith(id);
  }

  private CliRunner cli() {
    return CliRunner.withEnv(Map.of("HOME", home.toString()));
  }

  private CliRunner terminal() {
    return CliRunner.with(Map.of("HOME", home.toString()), prompt -> Optional.empty());
  }

  private static SopsFile open(byte[] data, X25519Identity id) throws Exception {
    return Sops.decrypt(data, "f.yaml", KeyRing.of(List.of(id)), DecryptOptions.defaults().withFormat(Format.YAML));
  }

  private String recipients(X25519Identity... ids) {
    return String.join(",", java.util.Arrays.stream(ids).map(i -> i.recipient().encode()).toList());
  }

  @Test
  void updatekeysWithYesAddsARecipientAndPrintsTheSummary() throws Exception {
    CliRunner.Result result = cli().run("updatekeys", "-y", "--key-file", aliceKey.toString(),
        "--age", recipients(alice, bob), file.toString()).ok();

    assertThat(result.stdoutText()).isEqualTo("The following changes will be made to the file's groups:\n"
        + "Group 1\n    " + alice.recipient().encode() + "\n+++ " + bob.recipient().encode() + "\n");
    assertThat(result.stderr()).contains("synced with new keys");
    fileOpenedWith(bob).hasValueAt("db/password", "hunter2");
  }

  @Test
  void updatekeysRemovesARecipientAfterConfirmationOnATerminal() throws Exception {
    byte[] before = Files.readAllBytes(file);

    CliRunner.Result no = terminal().runWithInput("maybe\nn\n".getBytes(StandardCharsets.UTF_8), "updatekeys",
        "--key-file", aliceKey.toString(), "--age", recipients(bob), file.toString()).ok();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(no.stdoutText()).contains("--- " + alice.recipient().encode())
        .contains("Is this okay? (y/n):Is this okay? (y/n):");

    terminal().runWithInput("y\n".getBytes(StandardCharsets.UTF_8), "updatekeys", "--key-file",
        aliceKey.toString(), "--age", recipients(bob), file.toString()).ok();
    fileOpenedWith(bob).hasValueAt("db/user", "app").doesNotDecryptWith(alice);
  }

  @Test
  void updatekeysWithoutATerminalNeedsYes() throws Exception {
    byte[] before = Files.readAllBytes(file);

    CliRunner.Result result = cli().run("updatekeys", "--key-file", aliceKey.toString(), "--age",
        recipients(bob), file.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.stderr()).contains("sops4j: error: ").contains("no terminal").contains("-y");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void updatekeysLeavesAnUpToDateFileAloneAndFailsWithoutAKey() throws Exception {
    byte[] before = Files.readAllBytes(file);

    CliRunner.Result same = cli().run("updatekeys", "--age", recipients(alice), file.toString()).ok();
    CliRunner.Result noKey = cli().run("updatekeys", "-y", "--age", recipients(bob), file.toString());

    assertThat(same.stderr()).contains("already up to date");
    assertThat(same.stdoutText()).isEmpty();
    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    cli().run("updatekeys", "-y", "--age", "age1notarecipient", file.toString()).failsWith(ExitCodes.KEY);
    cli().run("updatekeys", "-y", file.toString()).failsWith(ExitCodes.SOPS_CONFIG_FILE_NOT_FOUND);
  }

  @Test
  void rotatePrintsOrWritesInPlace() throws Exception {
    byte[] before = Files.readAllBytes(file);

    byte[] printed = cli().run("rotate", "--key-file", aliceKey.toString(), file.toString()).ok().stdout();
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(open(printed, alice).documents()).isEqualTo(open(before, alice).documents());

    cli().run("rotate", "-i", "--key-file", aliceKey.toString(), file.toString()).ok();
    assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
    fileOpenedWith(alice).hasValidMac().hasValueAt("db/password", "hunter2");

    cli().run("rotate", "-i", "--output", dir.resolve("o.yaml").toString(), file.toString())
        .failsWith(ExitCodes.SOPS_CONFLICTING_PARAMETERS);
    assertThat(cli().run("rotate", file.toString()).exitCode()).isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
  }

  @Test
  void setChangesOneValueInPlace() throws Exception {
    List<String> before = Files.readAllLines(file);

    cli().run("set", "--key-file", aliceKey.toString(), file.toString(), "[\"db\"][\"password\"]", "\"n3w\"").ok();

    List<String> after = Files.readAllLines(file);
    assertThat(after).hasSameSizeAs(before);
    long changed = java.util.stream.IntStream.range(0, before.size())
        .filter(i -> !before.get(i).equals(after.get(i))).count();
    assertThat(changed).isBetween(2L, 3L); // the value and the MAC (and lastmodified when a second passed)
    fileOpenedWith(alice).hasValidMac().hasValueAt("db/password", "n3w");

    cli().runWithInput(("{\"token\": \"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8), "set",
        "--value-stdin", "--key-file", aliceKey.toString(), file.toString(), "[\"new\"]").ok();
    fileOpenedWith(alice).hasValueAt("new/token", CANARY);
  }

  @Test
  void setFailuresHaveSopsExitCodesAndNeverShowTheValue() throws Exception {
    String key = aliceKey.toString();
    String f = file.toString();

    cli().run("set", "--key-file", key, f, "[\"db\"", "\"" + CANARY + "\"")
        .failsWith(ExitCodes.SOPS_INVALID_SET_FORMAT);
    CliRunner.Result badJson = cli().run("set", "--key-file", key, f, "[\"db\"]", "{\"a\": \"" + CANARY + "\"")
        .failsWith(ExitCodes.SOPS_INVALID_SET_FORMAT);
    assertThat(badJson.stderr()).doesNotContain(CANARY);
    cli().run("set", "--key-file", key, f, "[\"sops\"][\"mac\"]", "\"x\"")
        .failsWith(ExitCodes.SOPS_FILE_ALREADY_ENCRYPTED);
    cli().run("set", "--key-file", key, f, "[\"db\"]").failsWith(ExitCodes.SOPS_NO_FILE_SPECIFIED);
    cli().run("set").failsWith(ExitCodes.SOPS_NO_FILE_SPECIFIED);
    cli().run("rotate").failsWith(ExitCodes.SOPS_NO_FILE_SPECIFIED);
    cli().run("updatekeys", "--age", "age1x").failsWith(ExitCodes.SOPS_NO_FILE_SPECIFIED);
    CliRunner.Result noKey = cli().run("set", f, "[\"db\"][\"user\"]", "\"" + CANARY + "\"");
    assertThat(noKey.exitCode()).isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
    assertThat(noKey.stderr()).doesNotContain(CANARY);
    CliRunner.Result wrongKind = cli().run("set", "--key-file", key, f, "[\"list\"][\"x\"]", "\"" + CANARY + "\"")
        .failsWith(ExitCodes.FAILURE);
    assertThat(wrongKind.stderr()).contains(f).doesNotContain(CANARY);
    fileOpenedWith(alice).hasValueAt("db/user", "app");
  }

  @Test
  void rotateAddsAndRemovesRecipients() throws Exception {
    cli().run("rotate", "-i", "--key-file", aliceKey.toString(), "--add-age", recipients(bob), "--rm-age",
        recipients(alice), file.toString()).ok();

    fileOpenedWith(bob).hasValueAt("db/user", "app").doesNotDecryptWith(alice);
    SecretsAssertions.assertThatSopsFile(file).isEncryptedTo(bob.recipient()).isNotEncryptedTo(alice.recipient());
    cli().run("rotate", "--add-age", recipients(bob), dir.resolve("missing.yaml").toString())
        .failsWith(ExitCodes.SOPS_CANNOT_CHANGE_KEYS_OF_MISSING_FILE);
  }

  @Test
  void updatekeysAddsAPgpKeyAndRotateReWrapsForIt() throws Exception {
    Path pgpKey = dev.sops4j.testsupport.Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets/key.asc");
    String fingerprint = "7FB89715AADA920D65D25E63F9BA9DEBD03F57C0";

    cli().run("updatekeys", "-y", "--key-file", aliceKey.toString(), "--age", recipients(alice), "--pgp",
        fingerprint.toLowerCase(java.util.Locale.ROOT), "--pgp-public-key", pgpKey.toString(), file.toString()).ok();
    cli().run("rotate", "-i", "--pgp-key-file", pgpKey.toString(), file.toString()).ok();

    byte[] after = Files.readAllBytes(file);
    KeyRing pgp = dev.sops4j.keys.KeyRingLoader.of(Map.of(), home).standardSources(false).pgpKeyFile(pgpKey).load();
    assertThat(Sops.decrypt(after, "f.yaml", pgp, DecryptOptions.defaults().withFormat(Format.YAML)).text("db/user"))
        .isEqualTo("app");
    fileOpenedWith(alice).hasValueAt("db/password", "hunter2");
    assertThat(new String(after, StandardCharsets.UTF_8)).contains("fp: " + fingerprint);
    cli().run("updatekeys", "-y", "--key-file", aliceKey.toString(), "--pgp", "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
        "--pgp-public-key", pgpKey.toString(), file.toString()).failsWith(ExitCodes.KEY);
  }

  @Test
  void setIdempotentLeavesAnUnchangedFileAlone() throws Exception {
    byte[] before = Files.readAllBytes(file);

    CliRunner.Result same = cli().run("set", "--idempotent", "--key-file", aliceKey.toString(), file.toString(),
        "[\"db\"][\"user\"]", "\"app\"").ok();
    assertThat(same.stderr()).contains("file not written");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);

    cli().run("set", "--idempotent", "--key-file", aliceKey.toString(), file.toString(), "[\"db\"][\"user\"]",
        "\"root\"").ok();
    fileOpenedWith(alice).hasValueAt("db/user", "root");
    cli().run("set", "--key-file", aliceKey.toString(), file.toString(), "[\"db\"][\"user\"]", "\"root\"").ok();
    assertThat(Files.readAllBytes(file)).isNotEqualTo(before);
  }
}
