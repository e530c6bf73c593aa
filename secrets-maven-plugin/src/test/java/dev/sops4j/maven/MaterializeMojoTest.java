package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.config.EncryptSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializeMojoTest {
  private static final String CANARY = "CANARY-materialize-5be1";

  @TempDir
  Path dir;

  private final X25519Identity owner = X25519Identity.generate();
  private Path sopsFile;
  private Path keyFile;

  @BeforeEach
  void encryptedFile() throws Exception {
    sopsFile = dir.resolve("secrets.yaml");
    String plain = "db:\n  password: " + CANARY + "\notel_api_key: key-" + CANARY + "\n";
    Files.write(sopsFile, Sops.encrypt(plain.getBytes(StandardCharsets.UTF_8), "secrets.yaml", Format.YAML,
        EncryptSettings.age(owner.recipient().encode()).resolve(sopsFile, Format.YAML, null, null)));
    keyFile = identityFile("keys.txt", owner);
  }

  @Test
  void materialisesSecretsAndTemplatesWithTheirModesAndLogsNamesOnly() throws Exception {
    RecordingLog log = new RecordingLog();
    MaterializeMojo mojo = materialize(keyFile, log);
    mojo.setSecrets(List.of(secret("db/password", null, "0440"), secret("otel", "otel_api_key", null)));
    mojo.setTemplates(List.of(template("collector.yaml", "exporters:\n  api_key: {{ sops:otel }}\n", "0400")));

    mojo.execute();

    Path live = dir.resolve("target/secrets");
    assertThat(Files.isSymbolicLink(live)).isTrue();
    assertThat(Files.readString(live.resolve("db/password"))).isEqualTo(CANARY);
    assertThat(mode(live.resolve("db/password"))).isEqualTo("r--r-----");
    assertThat(Files.readString(live.resolve("otel"))).isEqualTo("key-" + CANARY);
    assertThat(mode(live.resolve("otel"))).isEqualTo("r--------");
    assertThat(Files.readString(live.resolve("rendered/collector.yaml")))
        .isEqualTo("exporters:\n  api_key: key-" + CANARY + "\n");
    assertThat(log.text()).contains("db/password").contains("collector.yaml").contains("generation 1 is live")
        .doesNotContain(CANARY);
  }

  @Test
  void aWrongKeyFailsNamingTheFileAndLeavesThePreviousGenerationLive() throws Exception {
    MaterializeMojo first = materialize(keyFile, new RecordingLog());
    first.setSecrets(List.of(secret("db/password", null, null)));
    first.execute();
    Path live = dir.resolve("target/secrets");
    Path before = live.toRealPath();

    Path wrongKey = identityFile("wrong.txt", X25519Identity.generate());
    MaterializeMojo second = materialize(wrongKey, new RecordingLog());
    second.setSecrets(List.of(secret("db/password", null, null)));

    assertThatThrownBy(second::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("failed to decrypt '" + sopsFile)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("AGE-SECRET-KEY"));
    assertThat(live.toRealPath()).isEqualTo(before);
    assertThat(Files.readString(live.resolve("db/password"))).isEqualTo(CANARY);
    try (var entries = Files.list(dir.resolve("target/secrets.d"))) {
      assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))).containsExactly("1");
    }
  }

  @Test
  void configurationErrorsAreListedTogetherNamingEachSecret() throws Exception {
    MaterializeMojo mojo = materialize(keyFile, new RecordingLog());
    mojo.setSecrets(List.of(secret("db/password", null, "0999"), secret("../escape", null, null)));
    mojo.setTemplates(List.of(template("app.env", "A={{ sops:db/pasword }}\n", null)));

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("4 problems")
        .hasMessageContaining("secret 'db/password'").hasMessageContaining("0999")
        .hasMessageContaining("secret '../escape'")
        .hasMessageContaining("template 'app.env'").hasMessageContaining("db/pasword");
    assertThat(dir.resolve("target/secrets")).doesNotExist();
  }

  @Test
  void checkFindsAMissingKeyWithoutAnyIdentity() throws Exception {
    CheckMojo check = new CheckMojo();
    configure(check, new RecordingLog());
    check.setSecrets(List.of(secret("db/password", null, null), secret("db/user", null, null)));

    assertThatThrownBy(check::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("secret 'db/user'").hasMessageContaining(sopsFile.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));

    check.setCheckMode("manifest");
    RecordingLog log = new RecordingLog();
    check.setLog(log);
    check.execute();
    assertThat(log.text()).contains("2 secrets and 0 templates are valid (check mode manifest)");
    assertThat(dir.resolve("target/secrets")).doesNotExist();

    check.setCheckMode("install");
    assertThatThrownBy(check::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("checkMode");
  }

  @Test
  void skipsWhenAskedAndSaysWhy() throws Exception {
    RecordingLog log = new RecordingLog();
    MaterializeMojo mojo = materialize(keyFile, log);
    mojo.setSecrets(List.of(secret("db/password", null, null)));
    mojo.setSkip(true);
    mojo.execute();
    assertThat(log.text()).contains("secrets.skip is true");
    assertThat(dir.resolve("target/secrets")).doesNotExist();
  }

  @Test
  void aManifestFileIsOpenedWithItsOwnKeyAndCannotBeMixedWithInlineSecrets() throws Exception {
    Path manifest = dir.resolve("manifest.yaml");
    Files.writeString(manifest, "symlinkPath: " + dir.resolve("run/secrets") + "\n"
        + "secretsMountPoint: " + dir.resolve("run/secrets.d") + "\n"
        + "ageKeyFile: " + keyFile + "\n"
        + "secrets:\n  db/password:\n    sopsFile: secrets.yaml\n");
    Path otherKey = identityFile("other.txt", X25519Identity.generate());
    MaterializeMojo mojo = materialize(otherKey, new RecordingLog());
    mojo.setManifestFile(manifest.toFile());

    mojo.execute();

    assertThat(Files.readString(dir.resolve("run/secrets/db/password"))).isEqualTo(CANARY);
    assertThat(dir.resolve("target/secrets")).doesNotExist();

    mojo.setSecrets(List.of(secret("db/password", null, null)));
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("manifestFile (" + manifest + ")").hasMessageContaining("use one of them");
  }

  @Test
  void aGenerationThatCannotBeWrittenIsAnExecutionError() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a regular file where a directory should be\n");
    MaterializeMojo mojo = materialize(keyFile, new RecordingLog());
    mojo.setSecrets(List.of(secret("db/password", null, null)));
    mojo.setLayout(blocker.resolve("secrets.d").toFile(), dir.resolve("target/secrets").toFile());

    assertThatThrownBy(mojo::execute).isExactlyInstanceOf(org.apache.maven.plugin.MojoExecutionException.class)
        .hasMessageContaining(blocker.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
    assertThat(dir.resolve("target/secrets")).doesNotExist();
  }

  private MaterializeMojo materialize(Path identities, RecordingLog log) {
    MaterializeMojo mojo = new MaterializeMojo();
    configure(mojo, log);
    mojo.setAgeKeyFile(identities.toFile());
    return mojo;
  }

  private void configure(AbstractInstallMojo mojo, RecordingLog log) {
    mojo.setLog(log);
    mojo.setBasedir(dir.toFile());
    mojo.setUseStandardKeySources(false);
    mojo.setDefaultSopsFile(sopsFile.toFile());
    mojo.setLayout(dir.resolve("target/secrets.d").toFile(), dir.resolve("target/secrets").toFile());
    mojo.setEnvironment(Map.of("HOME", dir.toString()));
  }

  private Path identityFile(String name, X25519Identity identity) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, AgeKeys.identityFileText(identity.encode(), identity.recipient().encode(), Instant.now()));
    return file;
  }

  private static SecretConfig secret(String name, String key, String mode) {
    SecretConfig s = new SecretConfig();
    s.setName(name);
    s.setKey(key);
    s.setMode(mode);
    return s;
  }

  private static TemplateConfig template(String name, String content, String mode) {
    TemplateConfig t = new TemplateConfig();
    t.setName(name);
    t.setContent(content);
    t.setMode(mode);
    return t;
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
