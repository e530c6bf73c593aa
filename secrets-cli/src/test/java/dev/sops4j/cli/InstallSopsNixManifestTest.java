package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "done when": a manifest JSON exactly as sops-nix's {@code manifest-for.nix} writes it
 * ({@code builtins.toJSON}: compact, attribute names sorted, every field present, {@code userMode} false,
 * owners by name and by uid, templates with sops-nix placeholders, {@code path} links, restart and reload
 * units) installs unchanged through {@code sops4j install}, and prints sops-nix's change lines. The
 * installing run chowns to other users, so it needs root (CI runs as root); the dry runs work without.
 */
class InstallSopsNixManifestTest {
  private static final String NOT_ROOT = "chown to other users needs root (CI runs the tests as root)";
  /** Values of the fixture files: never printed. */
  private static final List<String> VALUES = List.of("test_value", "another value", "binary_value",
      "give you up");

  @TempDir Path dir;

  private static Path asset(String name) {
    return Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets/" + name);
  }

  private static boolean isRoot() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** sops-nix's placeholder, computed here from its definition (SHA-256 of the name, lowercase hex). */
  static String placeholder(String secretName) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(secretName.getBytes(StandardCharsets.UTF_8));
    return "<SOPS:" + HexFormat.of().formatHex(hash) + ":PLACEHOLDER>";
  }

  private static String q(Object value) {
    return value == null ? "null" : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"")
        .replace("\n", "\\n") + "\"";
  }

  private static String list(String... items) {
    List<String> quoted = new ArrayList<>();
    for (String item : items) {
      quoted.add(q(item));
    }
    return "[" + String.join(",", quoted) + "]";
  }

  /** One secret as manifest-for.nix writes it: every field, names sorted. */
  private String secret(String name, String key, String sopsAsset, String format, String owner, int uid,
      String group, int gid, String mode, String path, String restart, String reload) {
    return "{\"format\":" + q(format) + ",\"gid\":" + gid + ",\"group\":" + q(group) + ",\"key\":" + q(key)
        + ",\"mode\":" + q(mode) + ",\"name\":" + q(name) + ",\"neededForUsers\":false,\"owner\":" + q(owner)
        + ",\"path\":" + q(path == null ? dir.resolve("secrets").resolve(name) : path)
        + ",\"reloadUnits\":" + (reload == null ? "[]" : list(reload))
        + ",\"restartUnits\":" + (restart == null ? "[]" : list(restart))
        + ",\"sopsFile\":" + q(asset(sopsAsset)) + ",\"sopsFileHash\":\"\",\"uid\":" + uid + "}";
  }

  /** One template as the templates module writes it. */
  private String template(String name, String content, Path file, String owner, int uid, String group, int gid,
      String mode, String path, String restart) {
    return "{\"content\":" + q(content) + ",\"file\":" + q(file) + ",\"gid\":" + gid + ",\"group\":" + q(group)
        + ",\"mode\":" + q(mode) + ",\"name\":" + q(name) + ",\"owner\":" + q(owner)
        + ",\"path\":" + q(path == null ? dir.resolve("secrets/rendered").resolve(name) : path)
        + ",\"reloadUnits\":[],\"restartUnits\":" + (restart == null ? "[]" : list(restart))
        + ",\"uid\":" + uid + "}";
  }

  /**
   * The manifest: five secrets of all five formats from the sops-nix test assets (opened by the PGP key in
   * their gnupghome), two templates (inline content and a store file), {@code extra} secrets appended.
   */
  private Path manifest(String appConfLine, boolean userMode, String... extraSecrets) throws Exception {
    Path store = Files.createDirectories(dir.resolve("store"));
    Path fromFile = store.resolve("from-file.ini");
    Files.writeString(fromFile, "[db]\npassword = " + placeholder("app/db-password") + "\n");
    List<String> secrets = new ArrayList<>(List.of(
        secret("app/db-password", "test_key", "secrets.yaml", "yaml", "nobody", 0, null, 0, "0440",
            dir.resolve("etc/app/db-password").toString(), "app.service", null),
        secret("binary", "binary", "secrets.bin", "binary", null, 1, null, 2, "0400", null, null, null),
        secret("env", "env", "secrets.env", "dotenv", null, 0, null, 0, "0400", null, null, null),
        secret("json_key", "test_key", "secrets.json", "json", null, 0, null, 0, "0400", null, null, null),
        secret("nested", "nested/test/file", "secrets.yaml", "yaml", "daemon", 0, "nogroup", 0, "0600", null,
            null, "nested.service")));
    secrets.addAll(List.of(extraSecrets));
    List<String> names = new ArrayList<>(List.of("app/db-password", "binary", "env", "json_key", "nested"));
    for (String extra : extraSecrets) {
      names.add(extra.replaceAll(".*\"name\":\"([^\"]*)\".*", "$1"));
    }
    List<String> placeholders = new ArrayList<>();
    for (String name : names.stream().sorted().toList()) {
      placeholders.add(q(name) + ":" + q(placeholder(name)));
    }
    String templates = "[" + template("app.conf", appConfLine + "=" + placeholder("app/db-password") + "\nnested="
        + placeholder("nested") + "\n", store.resolve("app.conf"), "nobody", 0, "nogroup", 0, "0440",
        dir.resolve("etc/app.conf").toString(), "app.service")
        + "," + template("from-file.ini", "", fromFile, null, 1, null, 1, "0400", null, null) + "]";
    String json = "{\"ageKeyFile\":null,\"ageSshKeyPaths\":[],\"gnupgHome\":" + q(asset("gnupghome"))
        + ",\"keepGenerations\":1,\"logging\":{\"keyImport\":true,\"secretChanges\":true}"
        + ",\"placeholderBySecretName\":{" + String.join(",", placeholders) + "}"
        + ",\"secrets\":[" + String.join(",", secrets) + "]"
        + ",\"secretsMountPoint\":" + q(dir.resolve("secrets.d")) + ",\"sshKeyPaths\":[]"
        + ",\"symlinkPath\":" + q(dir.resolve("secrets")) + ",\"templates\":" + templates
        + ",\"useTmpfs\":false,\"userMode\":" + userMode + "}";
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, json);
    return file;
  }

  private CliRunner cli(Map<String, String> extraEnv) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("HOME", dir.resolve("home").toString(),
        "XDG_RUNTIME_DIR", dir.toString()));
    env.putAll(extraEnv);
    return CliRunner.withEnv(env);
  }

  /** stdout without the key import lines (their wording is sops4j's own). */
  private static List<String> changeLines(CliRunner.Result result) {
    return result.stdoutText().lines().filter(l -> !l.startsWith("imported ")).toList();
  }

  private static int uid(Path file) throws Exception {
    return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int gid(Path file) throws Exception {
    return (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static void assertNoValues(CliRunner.Result result) {
    for (String value : VALUES) {
      assertThat(result.stdoutText()).doesNotContain(value);
      assertThat(result.stderr()).doesNotContain(value);
    }
  }

  @Test
  void aSopsNixManifestInstallsUnchangedWithOwnersLinksAndTemplates() throws Exception {
    assumeTrue(isRoot(), NOT_ROOT);
    Path manifest = manifest("first", false);

    CliRunner.Result first = cli(Map.of()).run("install", manifest.toString()).ok();

    assertNoValues(first);
    assertThat(first.stdoutText()).contains("imported " + asset("gnupghome"));
    assertThat(changeLines(first)).containsExactly(
        "adding secrets: app/db-password, binary, env, json_key, nested",
        "adding rendered secrets: app.conf, from-file.ini");
    Path live = dir.resolve("secrets");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(dir.resolve("secrets.d/1"));
    assertThat(Files.readString(live.resolve("app/db-password"))).isEqualTo("test_value");
    assertThat(Files.readString(live.resolve("binary"))).isEqualTo("binary_value\n");
    assertThat(Files.readString(live.resolve("env"))).contains("never_gonna=give you up")
        .contains("example_key=example_value");
    assertThat(Files.readString(live.resolve("json_key"))).isEqualTo("test_value");
    assertThat(Files.readString(live.resolve("nested"))).isEqualTo("another value");
    assertThat(Files.readString(live.resolve("rendered/app.conf")))
        .isEqualTo("first=test_value\nnested=another value\n");
    assertThat(Files.readString(live.resolve("rendered/from-file.ini")))
        .isEqualTo("[db]\npassword = test_value\n");

    // owners: by name (group = the owner's primary group), by name and group, by uid/gid
    assertThat(uid(live.resolve("app/db-password"))).isEqualTo(65534);
    assertThat(gid(live.resolve("app/db-password"))).isEqualTo(65534);
    assertThat(mode(live.resolve("app/db-password"))).isEqualTo("r--r-----");
    assertThat(uid(live.resolve("nested"))).isEqualTo(1);
    assertThat(gid(live.resolve("nested"))).isEqualTo(65534);
    assertThat(mode(live.resolve("nested"))).isEqualTo("rw-------");
    assertThat(uid(live.resolve("binary"))).isEqualTo(1);
    assertThat(gid(live.resolve("binary"))).isEqualTo(2);
    assertThat(uid(live.resolve("json_key"))).isZero();
    assertThat(uid(live.resolve("rendered/app.conf"))).isEqualTo(65534);
    assertThat(gid(live.resolve("rendered/app.conf"))).isEqualTo(65534);
    assertThat(mode(live.resolve("rendered/app.conf"))).isEqualTo("r--r-----");
    assertThat(uid(live.resolve("rendered/from-file.ini"))).isEqualTo(1);
    assertThat(gid(live.resolve("rendered/from-file.ini"))).isEqualTo(1);
    assertThat(mode(dir.resolve("secrets.d/1"))).isEqualTo("rwxr-x--x");

    // path links go through the live link
    assertThat(Files.readSymbolicLink(dir.resolve("etc/app/db-password"))).isEqualTo(live.resolve("app/db-password"));
    assertThat(Files.readSymbolicLink(dir.resolve("etc/app.conf"))).isEqualTo(live.resolve("rendered/app.conf"));
    assertThat(uid(dir.resolve("etc/app/db-password"))).isEqualTo(65534);

    // second run: one template modified, one secret removed; keepGenerations 1 prunes generation 1
    Path second = manifest("second", false);
    String fewer = Files.readString(second).replaceAll(
        "\\{\"format\":\"json\"[^}]*\\},", "").replace(",\"json_key\":" + q(placeholder("json_key")), "");
    Files.writeString(second, fewer);
    CliRunner.Result next = cli(Map.of()).run("install", second.toString()).ok();

    assertThat(changeLines(next)).containsExactly("removing secret: json_key",
        "modifying rendered secret: app.conf");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(dir.resolve("secrets.d/2"));
    assertThat(dir.resolve("secrets.d/1")).doesNotExist();
    assertThat(Files.readString(dir.resolve("etc/app.conf"))).startsWith("second=test_value\n");
    assertThat(live.resolve("json_key")).doesNotExist();
  }

  @Test
  void dryRunPrintsWhatWouldChangeAndSwitchesNothing() throws Exception {
    assumeTrue(isRoot(), NOT_ROOT);
    cli(Map.of()).run("install", manifest("first", false).toString()).ok();
    Path manifest = manifest("changed", false,
        secret("added", "test_key", "secrets.yaml", "yaml", null, 0, null, 0, "0400", null, "added.service",
            "added-reload.service"));

    CliRunner.Result dry = cli(Map.of()).run("install", "--dry-run", manifest.toString()).ok();
    CliRunner.Result activate = cli(Map.of("NIXOS_ACTION", "dry-activate")).run("install", manifest.toString()).ok();

    for (CliRunner.Result result : List.of(dry, activate)) {
      assertNoValues(result);
      assertThat(changeLines(result)).containsExactly("would add secret: added",
          "would modify rendered secret: app.conf", "would restart added.service", "would restart app.service",
          "would reload added-reload.service");
    }
    assertThat(Files.readSymbolicLink(dir.resolve("secrets"))).isEqualTo(dir.resolve("secrets.d/1"));
    assertThat(dir.resolve("secrets.d/2")).doesNotExist();
    assertThat(dir.resolve("secrets/added")).doesNotExist();
    assertThat(Files.readString(dir.resolve("secrets/rendered/app.conf"))).startsWith("first=");
  }

  @Test
  void dryRunOnAFreshMachineWritesNoLinkAndNoGeneration() throws Exception {
    Path manifest = manifest("first", !isRoot());

    CliRunner.Result dry = cli(Map.of()).run("install", "--dry-run", manifest.toString()).ok();

    assertNoValues(dry);
    assertThat(changeLines(dry)).containsExactly(
        "would add secrets: app/db-password, binary, env, json_key, nested",
        "would add rendered secrets: app.conf, from-file.ini");
    assertThat(dir.resolve("secrets")).doesNotExist();
    assertThat(dir.resolve("etc/app/db-password")).doesNotExist();
    try (var generations = Files.list(dir.resolve("secrets.d"))) {
      assertThat(generations.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
    }
  }
}
