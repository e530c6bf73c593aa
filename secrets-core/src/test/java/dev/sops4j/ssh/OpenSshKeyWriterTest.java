package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSshKeyWriterTest {

  @Test
  void writtenKeyParsesBackToTheSameKey() throws Exception {
    SshEd25519PrivateKey key = OpenSshKeyWriter.generateEd25519("writer test");
    String text = OpenSshKeyWriter.privateKeyFile(key);

    assertThat(text).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
        .endsWith("-----END OPENSSH PRIVATE KEY-----\n");
    assertThat(text.lines().filter(l -> !l.startsWith("-----")))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(70));
    SshPrivateKey parsed = OpenSshKeyParser.parsePrivateKey(text, "written");
    assertThat(parsed).isEqualTo(key);
    assertThat(parsed.comment()).isEqualTo("writer test");
  }

  @Test
  void emptyCommentAndFreshKeysDiffer() throws Exception {
    SshEd25519PrivateKey a = OpenSshKeyWriter.generateEd25519("");
    SshEd25519PrivateKey b = OpenSshKeyWriter.generateEd25519("");
    assertThat(a).isNotEqualTo(b);
    SshPrivateKey parsed = OpenSshKeyParser.parsePrivateKey(OpenSshKeyWriter.privateKeyFile(a), "a");
    assertThat(parsed).isEqualTo(a);
    assertThat(parsed.comment()).isEmpty();
  }

  @Test
  void sshKeygenReadsTheWrittenKey(@TempDir Path dir) throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    SshEd25519PrivateKey key = OpenSshKeyWriter.generateEd25519("peer check");
    Path file = dir.resolve("id_ed25519");
    Files.writeString(file, OpenSshKeyWriter.privateKeyFile(key));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    String derived = ProcessRunner.runOk(dir, List.of(keygen.toString(), "-y", "-f", file.toString()), null)
        .stdoutText().strip();
    assertThat(OpenSshKeyParser.parsePublicKey(derived, "ssh-keygen -y")).isEqualTo(key.publicKey());
    assertThat(derived).isEqualTo(key.publicKey().authorizedKeysLine());
  }
}
