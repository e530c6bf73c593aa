package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.Sops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptMojoTest {
  private static final String CANARY = "CANARY-unit-9d2a";

  @TempDir
  Path dir;

  private final X25519Identity identity = X25519Identity.generate();

  @Test
  void encryptsInPlaceKeepingTheModeAndLeavesEncryptedFilesAlone() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "db:\n  password: " + CANARY + "\n");
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    RecordingLog log = new RecordingLog();

    encrypt(file, log).execute();

    String encrypted = Files.readString(file);
    assertThat(encrypted).doesNotContain(CANARY).contains(identity.recipient().encode());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(Sops.decrypt(file, KeyRing.of(List.of(identity))).text("db/password")).isEqualTo(CANARY);

    encrypt(file, log).execute();
    assertThat(Files.readString(file)).isEqualTo(encrypted);
    assertThat(log.text()).contains("encrypted already, left as it is").doesNotContain(CANARY);

    EncryptMojo strict = encrypt(file, log);
    strict.setFailOnEncrypted(true);
    assertThatThrownBy(strict::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("sops metadata");
  }

  @Test
  void invalidPlaintextFailsNamingTheFileWithoutItsValues() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "ok: 1\nbroken: [" + CANARY + "\n  - x: {\n");

    assertThatThrownBy(() -> encrypt(file, new RecordingLog()).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    assertThat(Files.readString(file)).contains(CANARY);
  }

  @Test
  void aSecretKeyInARecipientFileIsRefusedWithoutEchoingIt() throws Exception {
    Path file = dir.resolve("app.env");
    Files.writeString(file, "TOKEN=" + CANARY + "\n");
    Path recipients = dir.resolve("recipients.txt");
    Files.writeString(recipients, "# oops\n" + identity.encode() + "\n");
    EncryptMojo mojo = encrypt(file, new RecordingLog());
    mojo.setAgeRecipients(List.of());
    mojo.setAgeRecipientFiles(List.of(recipients.toFile()));

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(recipients + ": line 2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(identity.encode()).doesNotContain("AGE-SECRET"));
  }

  @Test
  void withoutRuleOrRecipientsTheErrorNamesTheFileAndTheParameters() throws Exception {
    Path file = dir.resolve("app.json");
    Files.writeString(file, "{\"k\": \"" + CANARY + "\"}");
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^elsewhere/\n    age: "
        + identity.recipient().encode() + "\n");
    EncryptMojo mojo = encrypt(file, new RecordingLog());
    mojo.setAgeRecipients(List.of());
    mojo.setSopsConfig(dir.resolve(".sops.yaml").toFile());

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("no matching creation rule");

    EncryptMojo noConfig = new EncryptMojo() {
      @Override
      protected Map<String, String> environment() {
        return Map.of();
      }
    };
    noConfig.setLog(new RecordingLog());
    noConfig.setFiles(List.of(file.toFile()));
    // the nearest .sops.yaml above a temporary directory may exist on a developer machine; an
    // explicit empty config keeps the test independent of it
    Path empty = dir.resolve("empty.sops.yaml");
    Files.writeString(empty, "# no creation rules\n");
    noConfig.setSopsConfig(empty.toFile());
    assertThatThrownBy(noConfig::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("ageRecipients");
    assertThat(Files.readString(file)).contains(CANARY);
  }

  @Test
  void skipsWithTheReason() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "k: " + CANARY + "\n");
    RecordingLog log = new RecordingLog();
    EncryptMojo mojo = encrypt(file, log);
    mojo.setSkipEncrypt(true);

    mojo.execute();

    assertThat(Files.readString(file)).contains(CANARY);
    assertThat(log.text()).contains("Skipping secrets:encrypt: secrets.encrypt.skip is true");
  }

  private EncryptMojo encrypt(Path file, RecordingLog log) {
    EncryptMojo mojo = new EncryptMojo();
    mojo.setLog(log);
    mojo.setFiles(List.of(file.toFile()));
    mojo.setAgeRecipients(List.of(identity.recipient().encode()));
    mojo.setUseStandardKeySources(false);
    // a config of our own, so no .sops.yaml above the temporary directory takes part
    mojo.setSopsConfig(writeConfig().toFile());
    return mojo;
  }

  private Path writeConfig() {
    Path config = dir.resolve("test.sops.yaml");
    try {
      if (!Files.exists(config)) {
        Files.writeString(config, "creation_rules:\n  - path_regex: .*\n    age: " + identity.recipient().encode() + "\n");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return config;
  }
}
