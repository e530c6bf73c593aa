package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenMojoTest {
  @TempDir
  Path dir;

  @Test
  void writesAnOwnerOnlyIdentityAndItsRecipientAndLogsOnlyThePublicKey() throws Exception {
    Path identityFile = dir.resolve("keys/keys.txt");
    Path recipientFile = dir.resolve("keys/recipient.txt");
    RecordingLog log = new RecordingLog();
    KeygenMojo mojo = keygen(identityFile, log);
    mojo.setRecipientFile(recipientFile.toFile());

    mojo.execute();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identityFile))).isEqualTo("rw-------");
    List<Identity> identities = AgeKeys.readIdentityFile(identityFile, null);
    assertThat(identities).hasSize(1);
    String recipient = AgeKeys.recipientOf(identities.get(0));
    assertThat(Files.readString(recipientFile)).isEqualTo(recipient + "\n");
    assertThat(log.text()).contains(recipient).doesNotContain("AGE-SECRET-KEY-1");
  }

  @Test
  void neverOverwritesAnExistingIdentityFile() throws Exception {
    Path identityFile = dir.resolve("keys.txt");
    keygen(identityFile, new RecordingLog()).execute();
    String before = Files.readString(identityFile);

    assertThatThrownBy(() -> keygen(identityFile, new RecordingLog()).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(identityFile.toString())
        .hasMessageContaining("never overwritten");
    assertThat(Files.readString(identityFile)).isEqualTo(before);
  }

  @Test
  void perGoalSkipLogsWhyAndWritesNothing() throws Exception {
    Path identityFile = dir.resolve("keys.txt");
    RecordingLog log = new RecordingLog();
    KeygenMojo mojo = keygen(identityFile, log);
    mojo.setSkip(true);

    mojo.execute();

    assertThat(identityFile).doesNotExist();
    assertThat(log.text()).contains("Skipping secrets:keygen: secrets.skip is true");
  }

  private static KeygenMojo keygen(Path identityFile, RecordingLog log) {
    KeygenMojo mojo = new KeygenMojo();
    mojo.setLog(log);
    mojo.setIdentityFile(identityFile.toFile());
    return mojo;
  }
}
