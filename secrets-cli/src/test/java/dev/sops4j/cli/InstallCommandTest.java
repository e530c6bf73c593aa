package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sops4j install} on the sops-nix test assets, with a sops4j YAML manifest. */
class InstallCommandTest {
  @TempDir Path dir;

  static Path assets() {
    return Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
  }

  /** A manifest installing two secrets of secrets.yaml and a template, in user mode (no chown needed). */
  static String manifest(Path dir, String templateLine) {
    return String.join("\n",
        "symlinkPath: " + dir.resolve("secrets"),
        "secretsMountPoint: " + dir.resolve("secrets.d"),
        "userMode: true",
        "keepGenerations: 2",
        "ageKeyFile: " + assets().resolve("age-keys.txt"),
        "secrets:",
        "  test_key:",
        "    sopsFile: " + assets().resolve("secrets.yaml"),
        "  deep/file:",
        "    sopsFile: " + assets().resolve("secrets.yaml"),
        "    key: nested/test/file",
        "    mode: \"0440\"",
        "templates:",
        "  app.conf:",
        "    content: \"" + templateLine + "={{ sops:test_key }}\\n\"",
        "");
  }

  private CliRunner cli() {
    return CliRunner.withEnv(Map.of("HOME", dir.resolve("home").toString(), "XDG_RUNTIME_DIR", dir.toString()));
  }

  @Test
  void installsSecretsAndTemplatesAndReportsChanges() throws Exception {
    Path manifest = dir.resolve("manifest.yaml");
    Files.writeString(manifest, manifest(dir, "first"));

    CliRunner.Result first = cli().run("install", manifest.toString());
    Files.writeString(manifest, manifest(dir, "second"));
    CliRunner.Result second = cli().run("install", manifest.toString());

    assertThat(first.ok().stdoutText()).contains("adding secrets: deep/file, test_key")
        .contains("adding rendered secret: app.conf").doesNotContain("test_value");
    assertThat(second.ok().stdoutText()).contains("modifying rendered secret: app.conf")
        .doesNotContain("modifying secret");
    Path live = dir.resolve("secrets");
    assertThat(Files.readString(live.resolve("test_key"))).isEqualTo("test_value");
    assertThat(Files.readString(live.resolve("deep/file"))).isEqualTo("another value");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(live.resolve("deep/file"))))
        .isEqualTo("r--r-----");
    assertThat(Files.readString(live.resolve("rendered/app.conf"))).isEqualTo("second=test_value\n");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(dir.resolve("secrets.d/2"));
  }

  @Test
  void aBadManifestListsEveryProblemAndLeavesTheLiveGeneration() throws Exception {
    Path manifest = dir.resolve("manifest.yaml");
    Files.writeString(manifest, manifest(dir, "ok"));
    cli().run("install", manifest.toString()).ok();
    Files.writeString(manifest, manifest(dir, "ok").replace("key: nested/test/file", "key: nested/missing")
        .replace("{{ sops:test_key }}", "{{ sops:unknown }}"));

    CliRunner.Result bad = cli().run("install", manifest.toString());

    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("nested/missing").contains("unknown").doesNotContain("test_value");
    assertThat(bad.stderr().lines().count()).isGreaterThan(2);
    assertThat(Files.readString(dir.resolve("secrets/rendered/app.conf"))).isEqualTo("ok=test_value\n");
    assertThat(Files.readSymbolicLink(dir.resolve("secrets"))).isEqualTo(dir.resolve("secrets.d/1"));
  }

  @Test
  void checkModesValidateWithoutInstalling() throws Exception {
    Path manifest = dir.resolve("manifest.yaml");
    Files.writeString(manifest, manifest(dir, "x"));

    cli().run("install", "--check-mode=sopsfile", manifest.toString()).ok();
    cli().run("install", "--check-mode", "manifest", manifest.toString()).ok();

    assertThat(dir.resolve("secrets")).doesNotExist();
    assertThat(cli().run("install", "--check-mode=nope", manifest.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
