package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.testsupport.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshToAgeMojoTest {
  private static final String PASSPHRASE = "CANARY-passphrase-77";

  @TempDir
  Path dir;

  @Test
  void privateAndPublicHalvesConvertToAMatchingIdentityAndRecipient() throws Exception {
    Path key = sshKeygen("plain", "");
    Path identityOut = dir.resolve("out/identity.txt");
    Path recipientOut = dir.resolve("out/recipient.txt");
    RecordingLog log = new RecordingLog();

    convert(key, identityOut, Map.of(), log).execute();
    convert(Path.of(key + ".pub"), recipientOut, Map.of(), log).execute();

    String identity = Files.readString(identityOut).strip();
    assertThat(identity).startsWith("AGE-SECRET-KEY-1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityOut))).isEqualTo("rw-------");
    String recipient = Files.readString(recipientOut).strip();
    assertThat(AgeKeys.recipientOf(AgeKeys.parseIdentity(identity))).isEqualTo(recipient);
    assertThat(log.text()).contains(recipient).doesNotContain(identity).doesNotContain("AGE-SECRET-KEY");
  }

  @Test
  void aProtectedKeyTakesItsPassphraseFromTheNamedVariableOnly() throws Exception {
    Path key = sshKeygen("protected", PASSPHRASE);
    Path out = dir.resolve("identity.txt");

    assertThatThrownBy(() -> convert(key, out, Map.of(), new RecordingLog()).execute())
        .isInstanceOf(MojoFailureException.class).hasMessageContaining(key.toString());
    assertThat(out).doesNotExist();

    SshToAgeMojo mojo = convert(key, out, Map.of("KEY_PASS", PASSPHRASE), new RecordingLog());
    mojo.setSshKeyPassphraseEnvironmentVariable("KEY_PASS");
    mojo.execute();
    assertThat(Files.readString(out)).startsWith("AGE-SECRET-KEY-1");
  }

  @Test
  void anExistingOutputIsKeptUnlessOverwriteIsSet() throws Exception {
    Path key = sshKeygen("plain", "");
    Path out = dir.resolve("identity.txt");
    Files.writeString(out, "keep me\n");

    assertThatThrownBy(() -> convert(key, out, Map.of(), new RecordingLog()).execute())
        .isInstanceOf(MojoFailureException.class).hasMessageContaining(out.toString()).hasMessageContaining("overwrite");
    assertThat(Files.readString(out)).isEqualTo("keep me\n");

    SshToAgeMojo mojo = convert(key, out, Map.of(), new RecordingLog());
    mojo.setOverwrite(true);
    mojo.execute();
    assertThat(Files.readString(out)).startsWith("AGE-SECRET-KEY-1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
  }

  @Test
  void aPublicFileWithoutEd25519KeysIsAConfigurationError() throws Exception {
    Path pub = dir.resolve("rsa.pub");
    Files.writeString(pub, "# only a comment\n");
    assertThatThrownBy(() -> convert(pub, dir.resolve("r.txt"), Map.of(), new RecordingLog()).execute())
        .isInstanceOf(MojoFailureException.class).hasMessageContaining(pub.toString())
        .hasMessageContaining("no ssh-ed25519 public key");
  }

  private SshToAgeMojo convert(Path in, Path out, Map<String, String> env, RecordingLog log) {
    SshToAgeMojo mojo = new SshToAgeMojo() {
      @Override
      protected Map<String, String> environment() {
        return env;
      }
    };
    mojo.setLog(log);
    mojo.setSshKeyFile(in.toFile());
    mojo.setAgeOutputFile(out.toFile());
    return mojo;
  }

  private Path sshKeygen(String name, String passphrase) throws Exception {
    Path keygen = Peers.executable("ssh-keygen");
    Path key = dir.resolve(name);
    Process process = new ProcessBuilder(keygen.toString(), "-q", "-t", "ed25519", "-N", passphrase, "-C", "test",
        "-f", key.toString()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    return key;
  }
}
