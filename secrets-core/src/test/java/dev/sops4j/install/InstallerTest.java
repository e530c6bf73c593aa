package dev.sops4j.install;

import static dev.sops4j.install.InstallerManifests.asset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sops4j.template.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sops-nix test assets installed through sops-nix-style manifests. */
class InstallerTest {
  @TempDir Path root;

  private Path live() {
    return root.resolve("secrets");
  }

  private InstallResult install(Path manifest) throws Exception {
    return new Installer(InstallerManifests.options(root)).install(manifest);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static int attribute(Path p, String name) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void installsEveryFormatOfTheTestAssetsWithPgpKeysFromTheGnupgHome() throws Exception {
    InstallerManifests m = new InstallerManifests(root).gnupgHome();
    m.secret("test_key", "test_key", "secrets.yaml", "yaml");
    m.secret("deep/nested", "nested/test/file", "secrets.yaml", "yaml").put("mode", "0440");
    m.secret("whole.yaml", "", "secrets.yaml", "yaml");
    m.secret("json_key", "test_key", "secrets.json", "json");
    m.secret("binary", "binary", "secrets.bin", "binary");
    m.secret("dotenv", "ignored", "secrets.env", "dotenv");
    m.secret("ini", "", "secrets.ini", "ini");

    InstallResult result = install(m.write("manifest.json"));

    assertThat(result.generation()).isEqualTo(1);
    assertThat(result.switched()).isTrue();
    assertThat(Files.readSymbolicLink(live())).isEqualTo(root.resolve("secrets.d/1"));
    assertThat(Files.readString(live().resolve("test_key"))).isEqualTo("test_value");
    assertThat(Files.readString(live().resolve("deep/nested"))).isEqualTo("another value");
    assertThat(Files.readString(live().resolve("whole.yaml"))).contains("test_key: test_value")
        .contains("a_list:").contains("file: another value");
    assertThat(Files.readString(live().resolve("json_key"))).isEqualTo("test_value");
    assertThat(Files.readAllBytes(live().resolve("binary"))).hasSize(13)
        .isEqualTo("binary_value\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(live().resolve("dotenv")))
        .contains("hello=Welcome to SOPS! Edit this file as you please!").contains("never_gonna=give you up");
    assertThat(Files.readString(live().resolve("ini"))).contains("[Welcome!]").contains("give you up");
    assertThat(mode(live().resolve("test_key"))).isEqualTo("r--------");
    assertThat(mode(live().resolve("deep/nested"))).isEqualTo("r--r-----");
    assertThat(mode(root.resolve("secrets.d/1"))).isEqualTo("rwxr-x--x");
    assertThat(mode(root.resolve("secrets.d/1/deep"))).isEqualTo("rwxr-x--x");
    assertThat(result.changes().lines()).containsExactly(
        "adding secrets: binary, deep/nested, dotenv, ini, json_key, test_key, whole.yaml");
    assertThat(result.restartUnits()).isEmpty();
    assertThat(result.links()).isEmpty();
  }

  @Test
  void ageKeyFileAndAgeSshKeysOpenTheYamlAsset() throws Exception {
    InstallerManifests byFile = new InstallerManifests(root).ageKeyFile();
    byFile.secret("from_age_file", "test_key", "secrets.yaml", "yaml");
    InstallResult first = install(byFile.write("a.json"));
    assertThat(first.switched()).isTrue();
    assertThat(first.keyImports()).containsExactly("imported " + asset("age-keys.txt")
        + " as X25519 key with recipient age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw");
    assertThat(first.lines(Logging.DEFAULT)).startsWith(first.keyImports().get(0))
        .noneMatch(l -> l.contains("AGE-SECRET-KEY"));
    assertThat(first.lines(new Logging(false, true))).containsExactly("adding secret: from_age_file");
    assertThat(Files.readString(live().resolve("from_age_file"))).isEqualTo("test_value");

    InstallerManifests bySsh = new InstallerManifests(root)
        .set("ageSshKeyPaths", List.of(asset("ssh-ed25519-key").toString()));
    bySsh.secret("from_ssh_key", "nested/test/file", "secrets.yaml", "yaml");
    InstallResult second = install(bySsh.write("b.json"));

    assertThat(second.generation()).isEqualTo(2);
    assertThat(Files.readString(live().resolve("from_ssh_key"))).isEqualTo("another value");
    assertThat(live().resolve("from_age_file")).doesNotExist();
    assertThat(second.changes().lines()).containsExactly("adding secret: from_ssh_key",
        "removing secret: from_age_file");
  }

  @Test
  void ownersGroupsAndIdsAreSetAsSopsNixSetsThem() throws Exception {
    assumeTrue(InstallerManifests.isRoot(), "chown to other users needs root (CI runs as root)");
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("by_owner", "test_key", "secrets.yaml", "yaml").put("owner", "nobody");
    Map<String, Object> both = m.secret("owner_and_group", "test_key", "secrets.yaml", "yaml");
    both.put("owner", "app");
    both.put("group", "keys");
    Map<String, Object> ids = m.secret("by_ids", "test_key", "secrets.yaml", "yaml");
    ids.put("uid", 4321);
    ids.put("gid", 4322);
    Map<String, Object> linked = m.secret("linked", "test_key", "secrets.yaml", "yaml");
    linked.put("owner", "nobody");
    linked.put("path", root.resolve("etc/app/linked").toString());

    install(m.write("manifest.json"));

    Path gen = root.resolve("secrets.d/1");
    assertThat(attribute(gen.resolve("by_owner"), "uid")).isEqualTo(65534);
    assertThat(attribute(gen.resolve("by_owner"), "gid")).isEqualTo(65534); // the owner's primary group
    assertThat(attribute(gen.resolve("owner_and_group"), "uid")).isEqualTo(1234);
    assertThat(attribute(gen.resolve("owner_and_group"), "gid")).isEqualTo(96);
    assertThat(attribute(gen.resolve("by_ids"), "uid")).isEqualTo(4321);
    assertThat(attribute(gen.resolve("by_ids"), "gid")).isEqualTo(4322);
    assertThat(attribute(gen, "gid")).isEqualTo(96); // generation directories belong to group keys
    assertThat(attribute(root.resolve("etc/app/linked"), "uid")).isEqualTo(65534);
    assertThat(Files.readString(root.resolve("etc/app/linked"))).isEqualTo("test_value");
  }

  @Test
  void templatesRenderBothPlaceholderFormsFromContentAndFile() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("db/password", "test_key", "secrets.yaml", "yaml");
    m.secret("nested", "nested/test/file", "secrets.yaml", "yaml");
    m.template("app.env", "PASSWORD=" + Placeholders.sopsNix("db/password") + "\nOTHER={{ sops:nested }}\n")
        .put("mode", "0440");
    Map<String, Object> fromFile = m.template("from-file.conf", "");
    Files.writeString(Path.of((String) fromFile.get("file")), "x = {{sops:db/password}}; {{ .Values.y }}");
    fromFile.put("path", root.resolve("etc/app/app.conf").toString());

    InstallResult result = install(m.write("manifest.json"));

    assertThat(Files.readString(live().resolve("rendered/app.env")))
        .isEqualTo("PASSWORD=test_value\nOTHER=another value\n");
    assertThat(mode(live().resolve("rendered/app.env"))).isEqualTo("r--r-----");
    assertThat(Files.readString(root.resolve("etc/app/app.conf"))).isEqualTo("x = test_value; {{ .Values.y }}");
    assertThat(Files.readSymbolicLink(root.resolve("etc/app/app.conf")))
        .isEqualTo(live().resolve("rendered/from-file.conf"));
    assertThat(result.links()).containsExactly(root.resolve("etc/app/app.conf"));
    assertThat(result.changes().lines()).containsExactly("adding secrets: db/password, nested",
        "adding rendered secrets: app.env, from-file.conf");
  }

  @Test
  void aSecondInstallWithOneChangedValueReportsItAndItsUnits() throws Exception {
    InstallerManifests first = manifestWithUnits("test_key");
    InstallResult one = install(first.write("one.json"));
    assertThat(one.restartUnits()).isEmpty(); // first install: nothing ran with old secrets

    InstallerManifests second = manifestWithUnits("nested/test/file");
    InstallResult two = install(second.write("two.json"));

    assertThat(two.generation()).isEqualTo(2);
    assertThat(two.changes().lines()).containsExactly("modifying secret: token",
        "modifying rendered secret: app.env");
    assertThat(two.restartUnits()).containsExactly("app.service", "web.service");
    assertThat(two.reloadUnits()).containsExactly("proxy.service");
    assertThat(root.resolve("secrets.d/1")).doesNotExist(); // keepGenerations 1
    assertThat(Files.readString(live().resolve("token"))).isEqualTo("another value");

    InstallResult three = install(second.write("two.json"));
    assertThat(three.changes().isEmpty()).isTrue();
    assertThat(three.restartUnits()).isEmpty();
    assertThat(three.reloadUnits()).isEmpty();
  }

  private InstallerManifests manifestWithUnits(String tokenKey) {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    Map<String, Object> token = m.secret("token", tokenKey, "secrets.yaml", "yaml");
    token.put("restartUnits", List.of("app.service"));
    token.put("reloadUnits", List.of("proxy.service"));
    Map<String, Object> same = m.secret("same", "test_key", "secrets.yaml", "yaml");
    same.put("restartUnits", List.of("unchanged.service"));
    m.template("app.env", "T={{ sops:token }}\n").put("restartUnits", List.of("web.service", "app.service"));
    return m;
  }

  @Test
  void keepsTheNewestGenerationsAndNeverPrunesWithZero() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile().set("keepGenerations", 2);
    m.secret("a", "test_key", "secrets.yaml", "yaml");
    Path manifest = m.write("manifest.json");
    for (int i = 0; i < 3; i++) {
      install(manifest);
    }
    try (var entries = Files.list(root.resolve("secrets.d"))) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("2", "3");
    }
    m.set("keepGenerations", 0);
    install(m.write("manifest.json"));
    install(m.write("manifest.json"));
    assertThat(root.resolve("secrets.d/2")).exists();
    assertThat(Files.readSymbolicLink(live())).isEqualTo(root.resolve("secrets.d/5"));
  }

  @Test
  void pathLinksFollowTheLiveLinkAndReplaceAnOldLinkAtomically() throws Exception {
    Path wanted = root.resolve("etc/app/token");
    Files.createDirectories(wanted.getParent());
    Files.createSymbolicLink(wanted, root.resolve("somewhere-else"));
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml").put("path", wanted.toString());

    InstallResult result = install(m.write("manifest.json"));

    assertThat(Files.readSymbolicLink(wanted)).isEqualTo(live().resolve("token"));
    assertThat(Files.readString(wanted)).isEqualTo("test_value");
    assertThat(result.links()).containsExactly(wanted);
    try (var entries = Files.list(wanted.getParent())) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("token");
    }
    InstallResult again = install(m.write("manifest.json"));
    assertThat(again.links()).isEmpty(); // already right: untouched
    assertThat(Files.readString(wanted)).isEqualTo("test_value");
  }

  @Test
  void aDryRunReportsWhatWouldChangeAndLeavesNothingBehind() throws Exception {
    install(manifestWithUnits("test_key").write("one.json"));
    Path manifest = manifestWithUnits("nested/test/file").write("two.json");

    InstallResult dry = new Installer(InstallerManifests.options(root).withDryRun(true)).install(manifest);

    assertThat(dry.switched()).isFalse();
    assertThat(dry.lines(new Logging(false, true))).containsExactly("would modify secret: token",
        "would modify rendered secret: app.env", "would restart app.service", "would restart web.service",
        "would reload proxy.service");
    assertThat(Files.readSymbolicLink(live())).isEqualTo(root.resolve("secrets.d/1"));
    assertThat(root.resolve("secrets.d/2")).doesNotExist();
    assertThat(Files.readString(live().resolve("token"))).isEqualTo("test_value");
  }

  @Test
  void userModeExpandsTheRuntimeDirectoryAndChangesNoOwner() throws Exception {
    Path runtime = Files.createDirectories(root.resolve("run-user"));
    InstallerManifests m = new InstallerManifests(root).ageKeyFile().set("userMode", true)
        .set("secretsMountPoint", "%r/secrets.d").set("symlinkPath", "%r/secrets");
    Map<String, Object> s = m.secret("token", "test_key", "secrets.yaml", "yaml");
    s.put("path", "%r/secrets/token");
    s.put("owner", "nobody"); // ignored in user mode, as in sops-nix
    InstallOptions options = InstallerManifests.options(root)
        .withEnvironment(Map.of("XDG_RUNTIME_DIR", runtime.toString()), root.resolve("home"));

    InstallResult result = new Installer(options).install(m.write("manifest.json"));

    assertThat(result.directory()).isEqualTo(runtime.resolve("secrets.d/1"));
    assertThat(Files.readString(runtime.resolve("secrets/token"))).isEqualTo("test_value");
    assertThat(attribute(runtime.resolve("secrets.d/1/token"), "uid")).isEqualTo(ProcessIds.uid());
  }

  @Test
  void concurrentInstallsWaitForEachOtherAndTheLiveLinkAlwaysShowsACompleteGeneration() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile().set("keepGenerations", 3);
    for (int i = 0; i < 20; i++) {
      m.secret("s" + i, i % 2 == 0 ? "test_key" : "nested/test/file", "secrets.yaml", "yaml");
    }
    Path manifest = m.write("manifest.json");
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread reader = new Thread(() -> {
      while (running.get()) {
        try {
          if (Files.isSymbolicLink(live())) {
            seen.add(Files.readString(live().resolve("s19")) + "|" + Files.readString(live().resolve("s0")));
          }
        } catch (java.io.IOException e) {
          seen.add("incomplete: " + e.getClass().getSimpleName());
        }
      }
    });
    reader.start();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      java.util.List<java.util.concurrent.Future<InstallResult>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 9; i++) {
        runs.add(pool.submit(() -> install(manifest)));
      }
      java.util.Set<Integer> generations = new java.util.TreeSet<>();
      for (var run : runs) {
        generations.add(run.get().generation());
      }
      assertThat(generations).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    } finally {
      pool.shutdown();
      running.set(false);
      reader.join();
    }
    assertThat(seen).allMatch(v -> v.equals("another value|test_value"));
    assertThat(Files.readSymbolicLink(live())).isEqualTo(root.resolve("secrets.d/9"));
  }

  @Test
  void aManifestBuiltInJavaInstallsTheSameWay() throws Exception {
    Manifest manifest = Manifest.builder()
        .secretsMountPoint(root.resolve("secrets.d").toString()).symlinkPath(live().toString())
        .userMode(!InstallerManifests.isRoot())
        .gnupgHome(asset("gnupghome").toString())
        .secret(SecretSpec.builder("db/password").key("test_key").sopsFile(asset("secrets.json").toString())
            .format("json").mode("0440").build())
        .template(TemplateSpec.builder("app.env").content("PW={{ sops:db/password }}").build())
        .build();

    InstallResult result = new Installer(InstallerManifests.options(root)).install(manifest, "builder");

    assertThat(Files.readString(live().resolve("rendered/app.env"))).isEqualTo("PW=test_value");
    assertThat(mode(live().resolve("db/password"))).isEqualTo("r--r-----");
    assertThat(result.keyImports()).isNotEmpty().noneMatch(l -> l.contains("PRIVATE"));
  }

  @Test
  void warnsWhenTheMountPointIsNotOnTmpfsOrRamfs() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml");
    Path manifest = m.write("manifest.json");
    Path onDisk = root.resolve("mountinfo-disk");
    Files.writeString(onDisk, "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
    Path onTmpfs = root.resolve("mountinfo-tmpfs");
    Files.writeString(onTmpfs, "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
        + "23 22 0:5 / " + root.toRealPath() + " rw,nosuid - tmpfs tmpfs rw,mode=755\n");

    InstallResult disk = new Installer(InstallerManifests.options(root).withMountInfo(onDisk)).install(manifest);
    InstallResult tmpfs = new Installer(InstallerManifests.options(root).withMountInfo(onTmpfs)).install(manifest);

    assertThat(disk.warnings()).singleElement().asString().contains("ext4").contains("not tmpfs or ramfs");
    assertThat(tmpfs.warnings()).isEmpty();
  }
}
