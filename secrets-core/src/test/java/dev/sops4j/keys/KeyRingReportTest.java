package dev.sops4j.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingReportTest {
  private static final String ED = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519";
  private static final String ENCRYPTED = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519_passphrase";

  @TempDir Path home;

  @Test
  void everySourceIsListedWithPublicRecipientsProblemsAndATotal() throws Exception {
    X25519Identity a = X25519Identity.generate();
    X25519Identity b = X25519Identity.generate();
    Path config = home.resolve(".config/sops/age/keys.txt");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "# keys\n" + a.encode() + "\nAGE-SECRET-KEY-1CANARYCANARY\n");
    Path ssh = home.resolve(".ssh/id_ed25519");
    Files.createDirectories(ssh.getParent());
    Files.copy(Fixtures.path(ED), ssh);
    Files.copy(Fixtures.path(ENCRYPTED), home.resolve(".ssh/id_rsa"));
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY", b.encode()), home).osName("Linux").load();

    List<String> lines = KeyRingReport.lines(ring, home);

    String sshLine = Files.readString(Fixtures.path(ED + ".pub")).strip();
    assertThat(lines).containsExactly(
        "SOPS_AGE_KEY: 1 identity (X25519)",
        "  " + AgeKeys.recipientOf(b),
        "SOPS_AGE_KEY_FILE: not set",
        "SOPS_AGE_KEY_CMD: not set",
        "user config file ~/.config/sops/age/keys.txt: 1 identity (X25519)",
        "  " + AgeKeys.recipientOf(a),
        "  problem: line 3: " + problemMessage(ring),
        "SOPS_AGE_SSH_PRIVATE_KEY_FILE: not set",
        "default SSH key ~/.ssh/id_ed25519: 2 identities (ssh-ed25519, X25519)",
        "  " + sshLine,
        "  age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452",
        "default SSH key ~/.ssh/id_rsa: skipped (passphrase-protected and no passphrase given)",
        "total: 4 identities, 1 problem");
    assertThat(String.join("\n", lines)).doesNotContain(a.encode()).doesNotContain(b.encode())
        .doesNotContain("CANARY").doesNotContain("AGE-SECRET-KEY");
  }

  @Test
  void failedSourcesShowTheirProblemAndPathsOutsideHomeStayAsTheyAre() throws Exception {
    Path missing = Path.of("/nonexistent-dir/keys.txt");
    KeyRing ring = KeyRingLoader.of(Map.of(), home).standardSources(false).keyFile(missing).load();
    assertThat(KeyRingReport.lines(ring, home)).containsExactly(
        "explicit key file /nonexistent-dir/keys.txt: failed",
        "  problem: file not found",
        "total: 0 identities, 1 problem");
  }

  private static String problemMessage(KeyRing ring) {
    return ring.problems().get(0).message();
  }
}
