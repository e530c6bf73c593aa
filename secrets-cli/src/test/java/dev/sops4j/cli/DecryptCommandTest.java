package dev.sops4j.cli;

import static dev.sops4j.testkit.SecretsAssertions.assertThatSecretFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testkit.SecretsTest;
import dev.sops4j.testkit.SopsFixtures;
import dev.sops4j.testkit.TestKeys;
import dev.sops4j.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sops4j decrypt} on the real SOPS fixtures and on files the testkit encrypts to fresh keys: output
 * forms, options, and each failure's exit code.
 */
@SecretsTest
class DecryptCommandTest {
  private static final String CANARY = "canary-Dc19-do-not-print";

  @TempDir Path home;
  @TempDir Path dir;

  private Path assets() {
    return Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
  }

  /** A CLI whose HOME is empty, so only the key options count. */
  private CliRunner cli() {
    return CliRunner.withEnv(Map.of("HOME", home.toString()));
  }

  @Test
  void printsTheYamlFileWithTheAgeKey() {
    String out = cli().run("decrypt", "--key-file", assets().resolve("age-keys.txt").toString(),
        assets().resolve("secrets.yaml").toString()).ok().stdoutText();

    assertThat(out).contains("test_key: test_value\n").contains("    - e1\n").contains("file: another value")
        .doesNotContain("sops:").doesNotContain("ENC[");
  }

  @Test
  void extractsOneValueWithoutANewlineWithAnSshKey(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.file("ssh.yaml").to(keys.ssh().recipient())
        .write(Map.of("nested", Map.of("test", Map.of("file", "another value"))));

    byte[] out = cli().run("decrypt", "--ssh-key", keys.ssh().privateKeyFile().toString(),
        "--extract", "[\"nested\"][\"test\"][\"file\"]", file.toString()).ok().stdout();

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("another value");
  }

  @Test
  void findsTheAgeKeysOfTheStandardPlaceInHome(SopsFixtures sops, TestKeys keys) throws Exception {
    Path pq = sops.file("pq.json").to(keys.mlKem768X25519().recipient()).write(Map.of("token", "t0ken"));

    String found = CliRunner.withEnv(keys.env()).run("decrypt", "--extract", "[\"token\"]", pq.toString())
        .ok().stdoutText();
    CliRunner.Result elsewhere = cli().run("decrypt", pq.toString());

    assertThat(found).isEqualTo("t0ken");
    assertThat(elsewhere.exitCode()).isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
    assertThat(elsewhere.stderr()).contains(keys.mlKem768X25519().recipient().encode());
  }

  @Test
  void printsJsonForEveryInputFormat() {
    String key = assets().resolve("key.asc").toString();
    String env = cli().run("decrypt", "--pgp-key-file", key, "--output-type", "json",
        assets().resolve("secrets.env").toString()).ok().stdoutText();
    String ini = cli().run("decrypt", "--pgp-key-file", key, "--output-type", "json",
        assets().resolve("secrets.ini").toString()).ok().stdoutText();

    assertThat(env).startsWith("{").contains("\"never_gonna\": \"give you up\"")
        .contains("\"example_multiline\": \"foo\\nbar\\nbaz\"");
    assertThat(ini).contains("\"Welcome!\": {").contains("\"never_gonna\": \"give you up\"");
  }

  @Test
  void binaryFilesPrintTheirRawBytes() {
    byte[] out = cli().run("decrypt", "--pgp-key-file", assets().resolve("key.asc").toString(),
        assets().resolve("secrets.bin").toString()).ok().stdout();

    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("binary_value\n");
  }

  @Test
  void writesTheOutputFileWithOwnerOnlyMode() {
    Path out = dir.resolve("plain.json");
    cli().run("decrypt", "--pgp-key-file", assets().resolve("key.asc").toString(), "--output", out.toString(),
        assets().resolve("secrets.json").toString()).ok();

    assertThatSecretFile(out).hasMode("0600").contentContains("\"test_key\": \"test_value\"");
  }

  @Test
  void aFileWithoutMacFailsUnlessTheMacIsIgnored() {
    Path noMac = Fixtures.path("sops/functional-tests/res/no_mac.yaml");
    String key = Fixtures.path("sops/pgp/sops_functional_tests_key.asc").toString();

    CliRunner.Result refused = cli().run("decrypt", "--pgp-key-file", key, noMac.toString());
    CliRunner.Result ignored = cli().run("decrypt", "--pgp-key-file", key, "--ignore-mac", noMac.toString());

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.SOPS_MAC_MISSING);
    assertThat(refused.stderr()).contains(noMac.toString()).contains("no MAC").doesNotContain("t00m4nys3cr3t");
    assertThat(ignored.ok().stdoutText()).contains("myapp1: t00m4nys3cr3tzupdated");
  }

  @Test
  void aChangedValueOrTimestampIsReportedWithoutValues() throws Exception {
    String text = Files.readString(assets().resolve("secrets.yaml"));
    Path retimed = dir.resolve("retimed.yaml");
    Files.writeString(retimed, text.replace("lastmodified: \"2021-09-30T19:49:41Z\"",
        "lastmodified: \"2021-09-30T19:49:42Z\""));
    Path swapped = dir.resolve("swapped.yaml");
    Files.writeString(swapped, swapKeys(text));
    String key = assets().resolve("age-keys.txt").toString();

    CliRunner.Result badTime = cli().run("decrypt", "--key-file", key, retimed.toString());
    CliRunner.Result badValue = cli().run("decrypt", "--key-file", key, swapped.toString());

    assertThat(text).contains("lastmodified: \"2021-09-30T19:49:41Z\"");
    assertThat(badTime.exitCode()).isEqualTo(ExitCodes.SOPS_MAC_MISMATCH);
    assertThat(badTime.stderr()).contains(retimed.toString()).doesNotContain("test_value");
    assertThat(badValue.exitCode()).isEqualTo(ExitCodes.SOPS_DECRYPTING_TREE);
    assertThat(badValue.stderr()).contains(swapped + ": at key 'renamed_key:'").doesNotContain("test_value");
  }

  /** Moves test_key's ENC value under another key: its AAD no longer matches. */
  private static String swapKeys(String text) {
    return text.replaceFirst("(?m)^test_key:", "renamed_key:");
  }

  @Test
  void noUsableKeyListsMasterKeysAndSources() {
    CliRunner.Result r = cli().run("decrypt", assets().resolve("secrets.yaml").toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
    assertThat(r.stderr()).contains("could not open the data key")
        .contains("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw")
        .contains("SOPS_AGE_KEY_FILE").contains("pgp");
  }

  @Test
  void aMissingKeyFileIsAWarningWhenAnotherKeyOpensTheFile(SopsFixtures sops, TestKeys keys) throws Exception {
    Path file = sops.write("app.yaml", Map.of("db", Map.of("password", CANARY)));

    CliRunner.Result r = cli().run("decrypt", "--key-file", home.resolve("missing.txt").toString(),
        "--key-file", keys.ageKeyFile().toString(), file.toString());

    assertThat(r.ok().stdoutText()).contains("password: " + CANARY);
    assertThat(r.stderr()).contains("sops4j: warning: ").contains("missing.txt").doesNotContain(CANARY);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(cli().run("decrypt", "--input-type", "toml", "x.toml").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli().run("decrypt", "--extract", "nested", assets().resolve("secrets.yaml").toString())
        .exitCode()).isEqualTo(ExitCodes.SOPS_INVALID_PATH);
    assertThat(cli().run("decrypt", "-").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
