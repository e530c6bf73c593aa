package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code age decrypt -i} with a passphrase-protected OpenSSH key made by ssh-keygen. */
class AgeDecryptSshKeyTest {
  private static final String PASSPHRASE = "canary-ssh-passphrase-5150";

  @TempDir Path dir;

  @Test
  void opensFilesWithAPassphraseProtectedSshKey() throws Exception {
    Path key = dir.resolve("id_ed25519");
    Process p = new ProcessBuilder(Peers.executable("ssh-keygen").toString(), "-q", "-t", "ed25519",
        "-N", PASSPHRASE, "-C", "test", "-f", key.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    byte[] plaintext = "for the protected key\n".getBytes(StandardCharsets.UTF_8);
    byte[] encrypted = CliRunner.plain().runWithInput(plaintext, "age", "encrypt", "-R",
        key.resolveSibling("id_ed25519.pub").toString()).ok().stdout();
    Files.write(dir.resolve("f.age"), encrypted);

    CliRunner.Result withPassphrase = CliRunner.withEnv(Map.of(CliIo.PASSPHRASE_ENV, PASSPHRASE))
        .run("age", "decrypt", "-i", key.toString(), dir.resolve("f.age").toString());
    CliRunner.Result wrong = CliRunner.withEnv(Map.of(CliIo.PASSPHRASE_ENV, "not-it"))
        .run("age", "decrypt", "-i", key.toString(), dir.resolve("f.age").toString());
    CliRunner.Result none = CliRunner.plain()
        .run("age", "decrypt", "-i", key.toString(), dir.resolve("f.age").toString());

    assertThat(withPassphrase.ok().stdout()).isEqualTo(plaintext);
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.KEY);
    assertThat(wrong.stderr()).contains("wrong passphrase for " + key).doesNotContain(PASSPHRASE);
    assertThat(none.exitCode()).isNotZero();
    assertThat(none.stderr()).contains(key.toString()).doesNotContain(PASSPHRASE);
  }
}
