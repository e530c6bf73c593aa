package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.config.EncryptSettings;
import dev.sops4j.sops.format.Format;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateMojoTest {
  private static final String CANARY = "CANARY-rotate-41bb";

  @TempDir
  Path dir;

  private final X25519Identity owner = X25519Identity.generate();
  private Path file;
  private Path keyFile;

  @BeforeEach
  void encryptedFile() throws Exception {
    file = dir.resolve("app.yaml");
    byte[] encrypted = Sops.encrypt(("token: " + CANARY + "\n").getBytes(StandardCharsets.UTF_8), "app.yaml",
        Format.YAML, EncryptSettings.age(owner.recipient().encode()).resolve(file, Format.YAML, null, null));
    Files.write(file, encrypted);
    keyFile = dir.resolve("keys.txt");
    Files.writeString(keyFile, AgeKeys.identityFileText(owner.encode(), owner.recipient().encode(), Instant.now()));
  }

  @Test
  void rotatesWithTheConfiguredKeyFileAndAddsARecipient() throws Exception {
    X25519Identity added = X25519Identity.generate();
    String before = Files.readString(file);
    RotateMojo mojo = rotate(keyFile);
    setField(mojo, "addAgeRecipients", List.of(added.recipient().encode()));

    mojo.execute();

    String after = Files.readString(file);
    assertThat(after).isNotEqualTo(before).contains(added.recipient().encode());
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(added))).text("token")).isEqualTo(CANARY);
  }

  @Test
  void aMissingKeyFileFailsNamingIt() throws Exception {
    Path missing = dir.resolve("nope.txt");
    assertThatThrownBy(() -> rotate(missing).execute())
        .isInstanceOf(MojoFailureException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void theWrongKeyFailsNamingTheFileAndLeavesItUnchanged() throws Exception {
    X25519Identity stranger = X25519Identity.generate();
    Path strangerFile = dir.resolve("stranger.txt");
    Files.writeString(strangerFile, stranger.encode() + "\n");
    String before = Files.readString(file);

    assertThatThrownBy(() -> rotate(strangerFile).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain(stranger.encode()));
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void theIdentityVariableIsReadByNameAndMustBeSet() throws Exception {
    RotateMojo mojo = new RotateMojo() {
      @Override
      protected Map<String, String> environment() {
        return Map.of("MY_IDENTITY", owner.encode(), "HOME", dir.toString());
      }
    };
    mojo.setLog(new RecordingLog());
    mojo.setFiles(List.of(file.toFile()));
    mojo.setAgeKeyEnvironmentVariable("MY_IDENTITY");
    mojo.execute();
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(owner))).text("token")).isEqualTo(CANARY);

    mojo.setAgeKeyEnvironmentVariable("UNSET_VARIABLE");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("UNSET_VARIABLE").hasMessageContaining("not set");
  }

  @Test
  void aProtectedSshKeyOpensWithThePassphraseFromTheNamedVariable() throws Exception {
    Path key = dir.resolve("id_ed25519");
    Process process = new ProcessBuilder(Peers.executable("ssh-keygen").toString(), "-q", "-t", "ed25519",
        "-N", "CANARY-ssh-pass", "-C", "t", "-f", key.toString()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    String sshRecipient = Files.readString(Path.of(key + ".pub")).strip();
    Files.write(file, Sops.encrypt(("token: " + CANARY + "\n").getBytes(StandardCharsets.UTF_8), "app.yaml",
        Format.YAML, EncryptSettings.age(sshRecipient).resolve(file, Format.YAML, null, null)));
    RotateMojo mojo = new RotateMojo() {
      @Override
      protected Map<String, String> environment() {
        return Map.of("SSH_PASS", "CANARY-ssh-pass", "HOME", dir.toString());
      }
    };
    mojo.setLog(new RecordingLog());
    mojo.setFiles(List.of(file.toFile()));
    mojo.setUseStandardKeySources(false);
    setField(mojo, "ageSshKeyPaths", List.of(key.toFile()));

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(key.toString());

    String before = Files.readString(file);
    setField(mojo, "keyPassphraseEnvironmentVariable", "SSH_PASS");
    mojo.execute();
    assertThat(Files.readString(file)).isNotEqualTo(before).contains(sshRecipient);
  }

  private RotateMojo rotate(Path identityFile) {
    RotateMojo mojo = new RotateMojo();
    mojo.setLog(new RecordingLog());
    mojo.setFiles(List.of(file.toFile()));
    mojo.setAgeKeyFile(identityFile.toFile());
    mojo.setUseStandardKeySources(false);
    return mojo;
  }

  private static void setField(Object target, String name, Object value) throws Exception {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      try {
        java.lang.reflect.Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
        return;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }
}
