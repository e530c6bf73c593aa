package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationWriterTest {
  private static final String CANARY = "canary-secret-value-8842";

  @TempDir Path root;

  private RuntimeLayout layout() {
    return new RuntimeLayout(root.resolve("secrets.d"), root.resolve("secrets"));
  }

  private GenerationWriter writer(int keep) {
    return new GenerationWriter(layout(), new GenerationWriter.Options(keep, false, -1));
  }

  private static InstallFile secret(String name, String content, int mode) {
    return InstallFile.secret(name, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void writesAGenerationWithModesAndSwitchesTheLink() throws Exception {
    GenerationWriter.Result result = writer(1).install(List.of(
        secret("db/password", CANARY, 0400),
        secret("api-token", "t", 0440),
        InstallFile.template("app.conf", ("password=" + CANARY + "\n").getBytes(StandardCharsets.UTF_8), 0644)));

    Path live = root.resolve("secrets");
    assertThat(result.generation()).isEqualTo(1);
    assertThat(result.switched()).isTrue();
    assertThat(Files.readSymbolicLink(live)).isEqualTo(root.resolve("secrets.d/1"));
    assertThat(Files.readString(live.resolve("db/password"))).isEqualTo(CANARY);
    assertThat(mode(live.resolve("db/password"))).isEqualTo("r--------");
    assertThat(mode(live.resolve("api-token"))).isEqualTo("r--r-----");
    assertThat(mode(live.resolve("rendered/app.conf"))).isEqualTo("rw-r--r--");
    assertThat(mode(root.resolve("secrets.d/1"))).isEqualTo("rwxr-x--x");
    assertThat(mode(root.resolve("secrets.d/1/db"))).isEqualTo("rwxr-x--x");
    assertThat(result.changes().lines()).containsExactly("adding secrets: api-token, db/password",
        "adding rendered secret: app.conf");
    assertThat(result.toString() + result.changes()).doesNotContain(CANARY);
  }

  @Test
  void theNextInstallReportsChangesByContentAndPrunes() throws Exception {
    writer(1).install(List.of(secret("a", "1", 0400), secret("b", "2", 0400), secret("c", "3", 0400)));

    GenerationWriter.Result second = writer(1).install(List.of(secret("a", "1", 0440), secret("b", "changed", 0400),
        secret("d", "4", 0400)));

    assertThat(second.generation()).isEqualTo(2);
    assertThat(second.changes().lines()).containsExactly("adding secret: d", "modifying secret: b",
        "removing secret: c");
    assertThat(root.resolve("secrets.d/1")).doesNotExist();
    assertThat(Files.readString(root.resolve("secrets/b"))).isEqualTo("changed");
  }

  @Test
  void keepsTheNewestGenerations() throws Exception {
    for (int i = 0; i < 5; i++) {
      writer(3).install(List.of(secret("a", "v" + i, 0400)));
    }
    try (var entries = Files.list(root.resolve("secrets.d"))) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("3", "4", "5");
    }
    writer(0).install(List.of(secret("a", "v", 0400)));
    assertThat(root.resolve("secrets.d/3")).exists();
  }

  @Test
  void hostileNamesAreAllReportedAndNothingIsWritten() {
    assertThatThrownBy(() -> writer(1).install(List.of(secret("../escape", CANARY, 0400),
        secret("/etc/passwd", CANARY, 0400), secret("a//b", "x", 0400), secret("ok", "x", 0400),
        secret("ok", "y", 0400), secret("x/./y", "z", 0400))))
        .isInstanceOf(InstallException.class)
        .satisfies(e -> assertThat(((InstallException) e).problems()).hasSize(5))
        .hasMessageContaining("'../escape'").hasMessageContaining("'/etc/passwd'").hasMessageContaining("a//b")
        .hasMessageContaining("same name").hasMessageContaining("x/./y").hasMessageNotContaining(CANARY);
    assertThat(root.resolve("secrets.d")).doesNotExist();
    assertThat(root.resolve("secrets")).doesNotExist();
  }

  @Test
  void aKilledRunsLeftoversAreCleanedAndTheLiveGenerationStays() throws Exception {
    writer(1).install(List.of(secret("a", "live", 0400)));
    Path half = root.resolve("secrets.d/2");
    Files.createDirectories(half.resolve("partial"));
    Files.createSymbolicLink(root.resolve(".sops4j-switch-deadbeef"), half);

    writer(1).install(List.of(secret("a", "new", 0400)));

    assertThat(Files.readString(root.resolve("secrets/a"))).isEqualTo("new");
    assertThat(half.resolve("partial")).doesNotExist();
    assertThat(root.resolve(".sops4j-switch-deadbeef")).doesNotExist();
  }

  @Test
  void aPlantedSymlinkIsRemovedNotFollowed() throws Exception {
    Path victim = Files.createDirectories(root.resolve("victim"));
    Files.writeString(victim.resolve("keep"), "important");
    Files.createDirectories(root.resolve("secrets.d"));
    Files.createSymbolicLink(root.resolve("secrets.d/1"), victim);

    writer(1).install(List.of(secret("keep", CANARY, 0400)));

    assertThat(Files.readString(victim.resolve("keep"))).isEqualTo("important");
    assertThat(Files.isSymbolicLink(root.resolve("secrets.d/1"))).isFalse();
    assertThat(Files.readString(root.resolve("secrets/keep"))).isEqualTo(CANARY);
  }

  @Test
  void unsafeRuntimeDirectoriesAreRefused() throws Exception {
    Files.createDirectories(root.resolve("secrets.d"));
    Files.setPosixFilePermissions(root.resolve("secrets.d"), PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> writer(1).install(List.of(secret("a", "x", 0400))))
        .isInstanceOf(InstallException.class).hasMessageContaining("writable by every user");

    Path other = root.resolve("other");
    Files.createDirectories(root.resolve("other.d"));
    Files.createDirectories(other);
    assertThatThrownBy(() -> new GenerationWriter(new RuntimeLayout(root.resolve("other.d"), other),
        GenerationWriter.Options.defaults()).install(List.of(secret("a", "x", 0400))))
        .isInstanceOf(InstallException.class).hasMessageContaining("is not a symbolic link");
  }

  @Test
  void aDryRunReportsButDoesNotSwitch() throws Exception {
    writer(1).install(List.of(secret("a", "1", 0400)));

    GenerationWriter.Result dry = new GenerationWriter(layout(), new GenerationWriter.Options(1, true, -1))
        .install(List.of(secret("a", "2", 0400)));

    assertThat(dry.switched()).isFalse();
    assertThat(dry.changes().lines()).containsExactly("would modify secret: a");
    assertThat(Files.readString(root.resolve("secrets/a"))).isEqualTo("1");
    assertThat(root.resolve("secrets.d/2")).doesNotExist();
  }

  @Test
  void ownersAndGroupsAreSetBeforeTheSwitch() throws Exception {
    assumeTrue(ProcessIds.isRoot(), "chown to another user needs root (CI runs as root)");
    GenerationWriter writer = new GenerationWriter(layout(), new GenerationWriter.Options(1, false, 65534));

    writer.install(List.of(secret("nobody-file", "x", 0400).withOwner(65534, 65534)));

    Path file = root.resolve("secrets/nobody-file");
    assertThat(Files.getAttribute(file, "unix:uid")).isEqualTo(65534);
    assertThat(Files.getAttribute(file, "unix:gid")).isEqualTo(65534);
    assertThat(Files.getAttribute(root.resolve("secrets.d/1"), "unix:gid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(65534);
    assertThat(mode(file)).isEqualTo("r--------");
  }
}
