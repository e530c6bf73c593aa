package dev.sops4j.testkit;

import static dev.sops4j.testkit.SecretsAssertions.assertThatSecretFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.install.CheckMode;
import dev.sops4j.install.InstallException;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Manifest;
import dev.sops4j.install.ManifestException;
import dev.sops4j.install.SecretSpec;
import dev.sops4j.install.TemplateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SecretsTest
class InstallFixturesTest {
  private static final String CANARY = "canary-Kw27-do-not-print";

  @Test
  void installsIntoTheRuntimeDirectoryWithTheTestKeys(InstallFixtures install, @RuntimeDir Path runtime)
      throws Exception {
    InstallResult result = install.secret("db/password").value("pw-" + CANARY).mode("0440")
        .secret("api/token").value("t0ken")
        .template("app.conf", "url=postgres://app:{{ sops:db/password }}@db1\ntoken={{ sops:api/token }}\n")
        .run();

    assertThat(install.runtimeDir()).isEqualTo(runtime.toAbsolutePath());
    assertThat(result.switched()).isTrue();
    assertThat(result.generation()).isEqualTo(1);
    assertThat(result.directory()).isEqualTo(runtime.toAbsolutePath().resolve("secrets.d/1"));
    assertThat(Files.readSymbolicLink(install.symlinkPath())).isEqualTo(result.directory());
    assertThat(result.warnings()).isEmpty();
    assertThat(result.changes().lines()).containsExactly("adding secrets: api/token, db/password",
        "adding rendered secret: app.conf");
    assertThat(Files.readString(install.secretPath("db/password"))).isEqualTo("pw-" + CANARY);
    assertThat(Files.readString(install.templatePath("app.conf")))
        .isEqualTo("url=postgres://app:pw-" + CANARY + "@db1\ntoken=t0ken\n");
    assertThatSecretFile(install.secretPath("db/password")).hasMode("0440");
    assertThatSecretFile(install.secretPath("api/token")).hasMode("0400");
    assertThatSecretFile(install.sops().directory().resolve(InstallPlan.VALUES_FILE)).asSopsFile()
        .usingKeys(install.sops().keys().keyRing()).hasValueAt("db/password", "pw-" + CANARY)
        .hasValueAt("api/token", "t0ken");
  }

  @Test
  void sharesTheTestsFixturesAndRuntimeDirectory(InstallFixtures install, InstallFixtures again, SopsFixtures sops,
      TestKeys keys) {
    assertThat(again).isSameAs(install);
    assertThat(install.sops()).isSameAs(sops);
    assertThat(install.options().keyRing()).isSameAs(keys.keyRing());
    assertThat(install.options().home()).isEqualTo(keys.home());
    assertThat(install.symlinkPath()).isEqualTo(install.runtimeDir().resolve("secrets"));
    assertThat(install.mountPoint()).isEqualTo(install.runtimeDir().resolve("secrets.d"));
    assertThat(install.templatePath("a.conf")).isEqualTo(install.runtimeDir().resolve("secrets/rendered/a.conf"));
  }

  @Test
  void aSecondRunReportsWhatChanged(InstallFixtures install) throws Exception {
    install.secret("a").value("1").secret("b").value("2").secret("c").value("3").run();

    InstallResult second = install.secret("a").value("1").secret("b").value("two").secret("d").value("4")
        .restartUnit("d.service").run();

    assertThat(second.generation()).isEqualTo(2);
    assertThat(second.changes().lines()).containsExactly("adding secret: d", "modifying secret: b",
        "removing secret: c");
    assertThat(second.restartUnits()).containsExactly("d.service");
    assertThat(install.mountPoint().resolve("1")).doesNotExist(); // keepGenerations 1
  }

  @Test
  void secretsDefaultToTheFileTheFixturesWroteLast(SopsFixtures sops, InstallFixtures install)
      throws Exception {
    Path first = sops.write("first.yaml", Map.of("user", "alice"));
    InstallPlan plan = install.secret("first-user").key("user");
    sops.write("second.json", Map.of("user", "bob"));
    plan.secret("second-user").key("user").format("json")
        .secret("explicit").from(first).key("user");

    Manifest manifest = plan.manifest();
    plan.run();

    assertThat(manifest.secret("first-user").orElseThrow().sopsFile()).isEqualTo(first.toAbsolutePath().toString());
    assertThat(Files.readString(install.secretPath("first-user"))).isEqualTo("alice");
    assertThat(Files.readString(install.secretPath("second-user"))).isEqualTo("bob");
    assertThat(Files.readString(install.secretPath("explicit"))).isEqualTo("alice");
  }

  @Test
  void dryRunsAndCheckModesLeaveTheLiveGenerationAlone(InstallFixtures install) throws Exception {
    install.secret("x").value("old").run();

    InstallResult dry = install.secret("x").value("new").dryRun().run();
    InstallResult check = install.secret("x").value("new").checkMode(CheckMode.SOPSFILE).run();

    assertThat(dry.switched()).isFalse();
    assertThat(dry.changes().lines()).containsExactly("would modify secret: x");
    assertThat(check.checkMode()).isEqualTo(CheckMode.SOPSFILE);
    assertThat(Files.readString(install.secretPath("x"))).isEqualTo("old");
    assertThat(Files.readSymbolicLink(install.symlinkPath())).endsWith(Path.of("1"));
  }

  @Test
  void handBuiltManifestsRunWithTheSameSettings(SopsFixtures sops, InstallFixtures install) throws Exception {
    Path file = sops.write("s.yaml", Map.of("k", "v"));
    Manifest manifest = install.manifest()
        .secret(SecretSpec.builder("k").sopsFile(file.toString()).build())
        .template(TemplateSpec.builder("t").content("[{{ sops:k }}]").build())
        .build();

    InstallResult result = install.run(manifest);

    assertThat(manifest.userMode()).isTrue();
    assertThat(manifest.symlinkPath()).isEqualTo(install.symlinkPath().toString());
    assertThat(Files.readString(install.templatePath("t"))).isEqualTo("[v]");
    assertThat(result.keyImports()).isEmpty(); // the ring came with the options
    assertThat(install.options().keyRing()).isSameAs(install.sops().keys().keyRing());
    assertThat(install.options().env()).containsEntry("XDG_RUNTIME_DIR", install.runtimeDir().toString())
        .doesNotContainKeys("SOPS_AGE_KEY", "SOPS_AGE_KEY_FILE");
  }

  @Test
  void mistakesAreReportedWithoutValues(SopsFixtures sops, InstallFixtures install) throws Exception {
    assertThatThrownBy(() -> install.secret("orphan").run()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret 'orphan' has no SOPS file");
    assertThatThrownBy(() -> install.secret("a").value(CANARY).secret("a/b").key("a/b").value(CANARY).run())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a/b'").hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> install.secret("bin").value(CANARY).format("binary").run())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("format 'binary' needs from(file)")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> install.template("t", "x").key("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key() applies to a secret");

    assertThatThrownBy(() -> install.secret("db").value(CANARY).template("t", "{{ sops:dbb }}").run())
        .isInstanceOf(ManifestException.class).hasMessageContaining("dbb").hasMessageNotContaining(CANARY);

    Path stranger = sops.file("stranger.yaml").to(dev.sops4j.age.X25519Identity.generate().recipient())
        .write(Map.of("k", CANARY));
    assertThatThrownBy(() -> install.secret("k").from(stranger).run()).isInstanceOf(InstallException.class)
        .hasMessageContaining("stranger.yaml").hasMessageNotContaining(CANARY);
    assertThat(install.toString()).doesNotContain(CANARY);
    assertThat(install.secret("z").value(CANARY).toString()).contains("z").doesNotContain(CANARY);
  }
}
