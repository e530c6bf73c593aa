package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sops4j.age.X25519Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid manifests, failing keys and check modes: every problem at once, nothing written. */
class InstallerValidationTest {
  @TempDir Path root;

  private InstallResult install(Path manifest) throws Exception {
    return new Installer(InstallerManifests.options(root)).install(manifest);
  }

  private InstallResult install(Path manifest, CheckMode mode) throws Exception {
    return new Installer(InstallerManifests.options(root).withCheckMode(mode)).install(manifest);
  }

  /** Installs generation 1 so that tests can check it stays live. */
  private void installGood() throws Exception {
    InstallerManifests good = new InstallerManifests(root).ageKeyFile();
    good.secret("token", "test_key", "secrets.yaml", "yaml");
    install(good.write("good.json"));
  }

  private void assertGenerationOneStaysLive() throws Exception {
    assertThat(Files.readSymbolicLink(root.resolve("secrets"))).isEqualTo(root.resolve("secrets.d/1"));
    assertThat(Files.readString(root.resolve("secrets/token"))).isEqualTo("test_value");
    assertThat(root.resolve("secrets.d/2")).doesNotExist();
  }

  private static void assertNoValues(Throwable e) {
    for (String value : InstallerManifests.FIXTURE_VALUES) {
      assertThat(e.getMessage()).doesNotContain(value);
    }
  }

  private InstallerManifests manyProblems() {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("typo", "test_kye", "secrets.yaml", "yaml");
    m.secret("gone", "x", root.resolve("missing.yaml").toString(), "yaml");
    m.secret("stranger", "test_key", "secrets.yaml", "yaml").put("owner", "no-such-user");
    m.secret("bad-group", "test_key", "secrets.yaml", "yaml").put("group", "no-such-group");
    m.secret("bad-mode", "test_key", "secrets.yaml", "yaml").put("mode", "0999");
    m.secret("a-map", "nested/test", "secrets.yaml", "yaml");
    m.template("app.env", "{{ sops:typo }} {{ sops:unknown-secret }}\n");
    return m;
  }

  @Test
  void everyProblemOfEveryPhaseIsReportedAtOnceAndNothingIsWritten() throws Exception {
    installGood();
    Path manifest = manyProblems().write("bad.json");

    Throwable e = catchThrowable(() -> install(manifest));

    assertThat(e).isInstanceOf(ManifestException.class);
    ManifestException problems = (ManifestException) e;
    assertThat(problems.source()).isEqualTo(manifest.toString());
    assertThat(problems.problems()).hasSize(7);
    assertThat(e.getMessage())
        .contains("secret 'typo': the key 'test_kye' cannot be found in")
        .contains("keys there: test_key, a_list, nested")
        .contains("sopsFile '" + root.resolve("missing.yaml") + "' (used by secret 'gone'): the file does not exist")
        .contains("secret 'stranger': owner 'no-such-user' is not a user of this system")
        .contains("secret 'bad-group': group 'no-such-group' is not a group of this system")
        .contains("secret 'bad-mode': mode '0999'")
        .contains("secret 'a-map': the key 'nested/test'").contains("is a mapping")
        .contains("template 'app.env'").contains("unknown-secret");
    assertNoValues(e);
    assertGenerationOneStaysLive();
  }

  @Test
  void aWrongAgeKeyNamesTheFileAndTheLiveGenerationStays() throws Exception {
    installGood();
    Path otherKey = root.resolve("other-key.txt");
    Files.writeString(otherKey, X25519Identity.generate().encode() + "\n");
    InstallerManifests m = new InstallerManifests(root).set("ageKeyFile", otherKey.toString());
    m.secret("token", "nested/test/file", "secrets.yaml", "yaml");
    m.secret("bin", "", "secrets.bin", "binary");

    Throwable e = catchThrowable(() -> install(m.write("wrong-key.json")));

    assertThat(e).isInstanceOf(InstallException.class);
    assertThat(((InstallException) e).problems()).hasSize(2);
    assertThat(e.getMessage()).contains("failed to decrypt '" + InstallerManifests.asset("secrets.yaml") + "'")
        .contains("failed to decrypt '" + InstallerManifests.asset("secrets.bin") + "'");
    assertThat(e.getMessage()).doesNotContain(Files.readString(otherKey).strip());
    assertNoValues(e);
    assertGenerationOneStaysLive();
  }

  @Test
  void aMissingKeyFileIsReportedWithTheDecryptionFailure() throws Exception {
    InstallerManifests m = new InstallerManifests(root).set("ageKeyFile", root.resolve("no-key.txt").toString());
    m.secret("token", "test_key", "secrets.yaml", "yaml");

    assertThatThrownBy(() -> install(m.write("m.json"))).isInstanceOf(InstallException.class)
        .hasMessageContaining("failed to decrypt").hasMessageContaining("no-key.txt")
        .hasMessageContaining("file not found");
    assertThat(root.resolve("secrets")).doesNotExist();
    assertThat(root.resolve("secrets.d/1")).doesNotExist();
  }

  @Test
  void checkModeManifestReadsNoSopsFileAndLooksUpNoUser() throws Exception {
    InstallerManifests m = new InstallerManifests(root);
    m.secret("gone", "x", root.resolve("missing.yaml").toString(), "yaml").put("owner", "no-such-user");

    InstallResult result = install(m.write("m.json"), CheckMode.MANIFEST);

    assertThat(result.checkMode()).isEqualTo(CheckMode.MANIFEST);
    assertThat(result.generation()).isZero();
    assertThat(root.resolve("secrets.d")).doesNotExist();
    assertThatThrownBy(() -> install(m.write("m.json"), CheckMode.SOPSFILE))
        .isInstanceOf(ManifestException.class).hasMessageContaining("the file does not exist")
        .hasMessageNotContaining("no-such-user");
  }

  @Test
  void checkModeSopsfileChecksKeysWithoutAnyDecryptionKey() throws Exception {
    InstallerManifests m = new InstallerManifests(root); // no key source at all
    m.secret("token", "nested/test/file", "secrets.yaml", "yaml");
    m.secret("json", "test_key", "secrets.json", "json");
    m.secret("env", "whatever", "secrets.env", "dotenv"); // keys of dotenv files are not checked

    InstallResult ok = install(m.write("m.json"), CheckMode.SOPSFILE);
    assertThat(ok.checkMode()).isEqualTo(CheckMode.SOPSFILE);
    assertThat(root.resolve("secrets.d")).doesNotExist();

    m.secret("json_typo", "test_keys", "secrets.json", "json");
    assertThatThrownBy(() -> install(m.write("m.json"), CheckMode.SOPSFILE))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("secret 'json_typo': the key 'test_keys' cannot be found");
    assertThat(root.resolve("secrets.d")).doesNotExist();
  }

  @Test
  void aFileThatIsNotSopsIsAProblem() throws Exception {
    Path plain = root.resolve("plain.yaml");
    Files.writeString(plain, "password: hunter2\n");
    Path broken = root.resolve("broken.json");
    Files.writeString(broken, "{\"a\": ");
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("plain", "password", plain.toString(), "yaml");
    m.secret("broken", "a", broken.toString(), "json");

    Throwable e = catchThrowable(() -> install(m.write("m.json")));

    assertThat(e).isInstanceOf(ManifestException.class).hasMessageContaining("plain.yaml")
        .hasMessageContaining("no sops metadata").hasMessageContaining("broken.json")
        .hasMessageContaining("cannot parse json");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void aRegularFileAtAPathIsNotReplaced() throws Exception {
    Path occupied = root.resolve("etc/app.conf");
    Files.createDirectories(occupied.getParent());
    Files.writeString(occupied, "mine");
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml").put("path", occupied.toString());

    assertThatThrownBy(() -> install(m.write("m.json"))).isInstanceOf(ManifestException.class)
        .hasMessageContaining("path '" + occupied + "' exists and is not a symbolic link");
    assertThat(Files.readString(occupied)).isEqualTo("mine");
    assertThat(root.resolve("secrets.d")).doesNotExist();
  }

  @Test
  void aLiveLinkPathHoldingADirectoryIsAProblem() throws Exception {
    Files.createDirectories(root.resolve("secrets"));
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml");

    assertThatThrownBy(() -> install(m.write("m.json"))).isInstanceOf(ManifestException.class)
        .hasMessageContaining("exists and is not a symbolic link");
    assertThat(root.resolve("secrets.d")).doesNotExist();
  }

  @Test
  void ignorePasswdLooksUpNoOwnerAndGivesEverythingToRoot() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml").put("owner", "no-such-user");
    Path manifest = m.write("m.json");
    assertThatThrownBy(() -> install(manifest)).hasMessageContaining("no-such-user");

    InstallResult result = new Installer(InstallerManifests.options(root).withIgnorePasswd(true)).install(manifest);

    assertThat(result.switched()).isTrue();
    int expectedUid = InstallerManifests.isRoot() ? 0 : ProcessIds.uid(); // user mode without root
    assertThat(Files.getAttribute(root.resolve("secrets.d/1/token"), "unix:uid")).isEqualTo(expectedUid);
  }

  @Test
  void userModeNeedsTheRuntimeDirectory() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile().set("userMode", true)
        .set("secretsMountPoint", "%r/secrets.d").set("symlinkPath", "%r/secrets");
    m.secret("token", "test_key", "secrets.yaml", "yaml").put("path", "%r/secrets/token");
    InstallOptions noRuntime = InstallerManifests.options(root).withEnvironment(Map.of(), root.resolve("home"));

    assertThatThrownBy(() -> new Installer(noRuntime).install(m.write("m.json")))
        .isInstanceOf(ManifestException.class).hasMessageContaining("XDG_RUNTIME_DIR");
    InstallResult checked = new Installer(noRuntime.withCheckMode(CheckMode.SOPSFILE)).install(m.write("m.json"));
    assertThat(checked.checkMode()).isEqualTo(CheckMode.SOPSFILE);
  }

  @Test
  void aRenderedTemplateNeverShowsValuesInMessagesAndTheOptionsHideTheRing() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml");
    m.template("t", "{{ sops:token }}").put("path", root.resolve("etc-file").toString());
    Files.writeString(root.resolve("etc-file"), "occupied");

    Throwable e = catchThrowable(() -> install(m.write("m.json")));

    assertThat(e).isInstanceOf(ManifestException.class);
    assertNoValues(e);
    assertThat(InstallerManifests.options(root).toString()).doesNotContain("XDG_RUNTIME_DIR");
    assertThat(List.of(CheckMode.parse("SopsFile"), CheckMode.parse("off"))).containsExactly(CheckMode.SOPSFILE,
        CheckMode.OFF);
    assertThatThrownBy(() -> CheckMode.parse("all")).hasMessageContaining("expected off, manifest or sopsfile");
  }
}
