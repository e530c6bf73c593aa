package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code updatekeys} takes the keys of the {@code .sops.yaml} creation rule, as sops does. */
class UpdateKeysConfigTest {
  @TempDir Path dir;

  private CliRunner cli() {
    return CliRunner.withEnv(Map.of("HOME", dir.resolve("home").toString()));
  }

  private String newKey(String name) throws Exception {
    Path key = dir.resolve(name);
    cli().run("age-keygen", "-o", key.toString()).ok();
    List<String> lines = Files.readAllLines(key);
    return lines.get(1).substring("# public key: ".length());
  }

  @Test
  void addsAndRemovesTheRecipientsTheRuleNowNames() throws Exception {
    String alice = newKey("alice.txt");
    String bob = newKey("bob.txt");
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: " + alice + "\n");
    Path file = secrets.resolve("app.yaml");
    Files.writeString(file, "password: hunter2\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    cli().run("encrypt", "--in-place", file.toString()).ok();
    String before = Files.readString(file);

    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: " + bob + "\n");
    CliRunner.Result update = cli().run("updatekeys", "-y", "--key-file", dir.resolve("alice.txt").toString(),
        file.toString());

    assertThat(update.ok().stdoutText() + update.stderr()).contains(bob).contains(alice);
    String after = Files.readString(file);
    assertThat(after.lines().filter(l -> l.contains("ENC[") && !l.contains("mac:")).toList())
        .isEqualTo(before.lines().filter(l -> l.contains("ENC[") && !l.contains("mac:")).toList());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    assertThat(cli().run("decrypt", "--key-file", dir.resolve("bob.txt").toString(), "--extract", "[\"password\"]",
        file.toString()).ok().stdoutText()).isEqualTo("hunter2");
    assertThat(cli().run("decrypt", "--key-file", dir.resolve("alice.txt").toString(), file.toString()).exitCode())
        .isEqualTo(ExitCodes.SOPS_NO_DATA_KEY);
  }

  @Test
  void withoutAConfigOrRecipientsItSaysSo() throws Exception {
    String alice = newKey("alice.txt");
    Path file = dir.resolve("lonely.yaml");
    Files.writeString(file, "a: b\n");
    cli().run("encrypt", "--age", alice, "--in-place", file.toString()).ok();

    CliRunner.Result r = cli().run("updatekeys", "-y", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.SOPS_CONFIG_FILE_NOT_FOUND);
    assertThat(r.stderr()).contains("no .sops.yaml found");
  }
}
