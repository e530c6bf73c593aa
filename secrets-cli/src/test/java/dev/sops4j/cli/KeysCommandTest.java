package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  private static final String ASSETS = "ssh-to-age/cmd/ssh-to-age/test-assets/";
  private static final String ED_RECIPIENT = "age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452";
  private static final String NL = System.lineSeparator();

  @TempDir Path home;

  private final X25519Identity canary = X25519Identity.generate();
  private String edLine;

  @BeforeEach
  void sshKey() throws Exception {
    Files.createDirectories(home.resolve(".ssh"));
    Files.copy(Fixtures.path(ASSETS + "id_ed25519"), home.resolve(".ssh/id_ed25519"));
    edLine = Files.readString(Fixtures.path(ASSETS + "id_ed25519.pub")).strip();
  }

  private Map<String, String> env(String... more) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", ""));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void listsEverySourceAndOnlyPublicRecipients() throws Exception {
    Path config = home.resolve(".config/sops/age/keys.txt");
    Files.createDirectories(config.getParent());
    String badSecretLine = "AGE-SECRET-KEY-1CANARYSECRETQQQQ";
    Files.writeString(config, canary.encode() + "\n" + badSecretLine + "\n");
    X25519Identity fromEnv = X25519Identity.generate();

    var result = CliRunner.withEnv(env("SOPS_AGE_KEY", fromEnv.encode())).run("keys").ok();

    assertThat(result.stdoutText()).isEqualTo(String.join(NL,
        "SOPS_AGE_KEY: 1 identity (X25519)",
        "  " + AgeKeys.recipientOf(fromEnv),
        "SOPS_AGE_KEY_FILE: not set",
        "SOPS_AGE_KEY_CMD: not set",
        "user config file ~/.config/sops/age/keys.txt: 1 identity (X25519)",
        "  " + AgeKeys.recipientOf(canary),
        "  problem: line 2: " + lineTwoProblem(),
        "SOPS_AGE_SSH_PRIVATE_KEY_FILE: not set",
        "default SSH key ~/.ssh/id_ed25519: 2 identities (ssh-ed25519, X25519)",
        "  " + edLine,
        "  " + ED_RECIPIENT,
        "default SSH key ~/.ssh/id_rsa: not found",
        "default GnuPG home ~/.gnupg: not found",
        "total: 4 identities, 1 problem") + NL);
    assertThat(result.stdoutText() + result.stderr()).doesNotContain(canary.encode())
        .doesNotContain(fromEnv.encode()).doesNotContain("CANARY").doesNotContain("AGE-SECRET-KEY");
  }

  @Test
  void strictFailsWithTheKeyExitCodeAfterTheReport() throws Exception {
    Path bad = home.resolve("bad.txt");
    Files.writeString(bad, "AGE-SECRET-KEY-1CANARYSECRETQQQQ\n" + canary.encode() + "\n");

    var result = CliRunner.withEnv(env()).run("keys", "--key-file", bad.toString(), "--strict")
        .failsWith(ExitCodes.KEY);

    assertThat(result.stdoutText()).startsWith("explicit key file ~/bad.txt: 1 identity (X25519)" + NL)
        .contains("  problem: line 1: ").contains("total: 3 identities, 1 problem");
    assertThat(result.stderr()).isEqualTo("sops4j: error: 1 problem loading keys (listed above)" + NL);
    assertThat(result.stdoutText() + result.stderr()).doesNotContain(canary.encode()).doesNotContain("CANARY");
  }

  @Test
  void strictWithoutProblemsSucceeds() {
    CliRunner.withEnv(env()).run("keys", "--strict").ok();
  }

  @Test
  void passphraseProtectedSshKeyIsAskedForOnTheTerminalWithItsName() throws Exception {
    Path key = home.resolve("host_key");
    Files.copy(Fixtures.path(ASSETS + "id_ed25519_passphrase"), key);
    List<String> prompts = new ArrayList<>();
    Terminal terminal = prompt -> {
      prompts.add(prompt);
      return Optional.of("test".toCharArray());
    };

    var result = CliRunner.with(env(), terminal).run("keys", "--ssh-key", key.toString()).ok();

    assertThat(prompts).containsExactly("Enter passphrase for " + key + ": ");
    assertThat(result.stdoutText()).startsWith("explicit SSH key ~/host_key: 2 identities (ssh-ed25519, X25519)" + NL
        + "  " + Files.readString(Fixtures.path(ASSETS + "id_ed25519_passphrase.pub")).strip() + NL);
  }

  @Test
  void withoutATerminalAnExplicitProtectedKeyIsAProblemAndADefaultOneIsSkipped() throws Exception {
    Path key = home.resolve("host_key");
    Files.copy(Fixtures.path(ASSETS + "id_ed25519_passphrase"), key);
    Files.copy(Fixtures.path(ASSETS + "id_ed25519_passphrase"), home.resolve(".ssh/id_rsa"));

    var result = CliRunner.withEnv(env()).run("keys", "--ssh-key", key.toString()).ok();

    assertThat(result.stdoutText()).startsWith("explicit SSH key ~/host_key: failed" + NL
        + "  problem: passphrase-protected OpenSSH key and no passphrase given" + NL)
        .contains("default SSH key ~/.ssh/id_rsa: skipped (passphrase-protected and no passphrase given)" + NL)
        .endsWith("total: 2 identities, 1 problem" + NL);
  }

  private String lineTwoProblem() {
    try {
      AgeKeys.parseIdentity("AGE-SECRET-KEY-1CANARYSECRETQQQQ");
      throw new AssertionError("the canary line parsed");
    } catch (dev.sops4j.age.AgeKeyException e) {
      return e.getMessage();
    }
  }
}
