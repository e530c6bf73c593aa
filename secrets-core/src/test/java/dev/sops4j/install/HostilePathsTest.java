package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile names and planted links around the runtime directory: each is refused or handled, and a
 * directory outside the runtime root is never written to.
 */
class HostilePathsTest {
  private static final String CANARY = "hostile-canary-value-6e0d";

  @TempDir Path root;
  private Path outside;

  @BeforeEach
  void outsideDirectory() throws Exception {
    outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "important");
  }

  /** Asserts that the outside directory holds exactly its one untouched file. */
  private void assertOutsideUntouched() throws Exception {
    try (Stream<Path> entries = Files.list(outside)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList()).containsExactly("keep");
    }
    assertThat(Files.readString(outside.resolve("keep"))).isEqualTo("important");
  }

  private GenerationWriter writer(Path mount, Path link) {
    return new GenerationWriter(new RuntimeLayout(mount, link), new GenerationWriter.Options(2, false, -1));
  }

  private GenerationWriter writer() {
    return writer(root.resolve("secrets.d"), root.resolve("secrets"));
  }

  private static InstallFile secret(String name) {
    return InstallFile.secret(name, CANARY.getBytes(StandardCharsets.UTF_8), 0400);
  }

  @Test
  void namesThatLeaveTheGenerationAreRefusedBeforeAnythingIsWritten() throws Exception {
    List<String> hostile = List.of("..", ".", "a/../../outside/keep", "../outside/keep", "/tmp/x", "a/", "",
        "a/\u0000b", "rendered/../x");
    for (String name : hostile) {
      assertThatThrownBy(() -> writer().install(List.of(secret(name)))).as("name %s", name)
          .isInstanceOf(InstallException.class).hasMessageNotContaining(CANARY);
    }
    assertThat(root.resolve("secrets.d")).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void aSymlinkPlantedAsTheNextGenerationIsRemovedNotFollowed() throws Exception {
    writer().install(List.of(secret("keep")));
    Path next = root.resolve("secrets.d/2");
    Files.createSymbolicLink(next, outside);

    GenerationWriter.Result result = writer().install(List.of(secret("keep"), secret("more")));

    assertThat(result.generation()).isEqualTo(2);
    assertThat(Files.isSymbolicLink(next)).isFalse();
    assertThat(Files.readString(root.resolve("secrets/more"))).isEqualTo(CANARY);
    assertOutsideUntouched();
  }

  @Test
  void aSymlinkPlantedAsTheLiveLinksParentIsRefused() throws Exception {
    Path run = root.resolve("run");
    Files.createSymbolicLink(run, outside);

    assertThatThrownBy(() -> writer(root.resolve("secrets.d"), run.resolve("secrets")).install(List.of(secret("a"))))
        .isInstanceOf(InstallException.class).hasMessageContaining(run.toString())
        .hasMessageContaining("symbolic link").hasMessageNotContaining(CANARY);

    assertOutsideUntouched();
  }

  @Test
  void aRuntimeDirectoryOfAnotherUserIsRefused() throws Exception {
    assumeTrue(ProcessIds.isRoot(), "chown to another user needs root (CI runs as root)");
    Path mount = Files.createDirectories(root.resolve("secrets.d"));
    Files.setAttribute(mount, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

    assertThatThrownBy(() -> writer().install(List.of(secret("a"))))
        .isInstanceOf(InstallException.class).hasMessageContaining("belongs to another user (uid 65534)");

    try (Stream<Path> entries = Files.list(mount)) {
      assertThat(entries).isEmpty();
    }
    assertThat(root.resolve("secrets")).doesNotExist();
  }

  @Test
  void aWorldWritableOrSymlinkedRuntimeDirectoryIsRefused() throws Exception {
    Path mount = Files.createDirectories(root.resolve("secrets.d"));
    Files.setAttribute(mount, "unix:mode", 01777, LinkOption.NOFOLLOW_LINKS);
    assertThatThrownBy(() -> writer().install(List.of(secret("a"))))
        .isInstanceOf(InstallException.class).hasMessageContaining("writable by every user");
    try (Stream<Path> entries = Files.list(mount)) {
      assertThat(entries).isEmpty();
    }

    Path planted = root.resolve("planted.d");
    Files.createSymbolicLink(planted, outside);
    assertThatThrownBy(() -> writer(planted, root.resolve("planted")).install(List.of(secret("a"))))
        .isInstanceOf(InstallException.class).hasMessageContaining("is not a directory");
    assertOutsideUntouched();
  }

  @Test
  void aPathLinkThatPointsOutsideIsReplacedWithoutTouchingItsTarget() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    Map<String, Object> s = m.secret("test_key", "test_key", "secrets.yaml", "yaml");
    Path links = Files.createDirectories(root.resolve("links"));
    Path link = links.resolve("test_key");
    Files.createSymbolicLink(link, outside.resolve("keep"));
    s.put("path", link.toString());

    new Installer(InstallerManifests.options(root)).install(m.write("manifest.json"));

    assertThat(Files.readSymbolicLink(link)).isEqualTo(root.resolve("secrets/test_key"));
    assertThat(Files.readString(link)).isEqualTo("test_value");
    assertOutsideUntouched();
  }

  @Test
  void aPathWhereARealFileIsIsRefusedAndTheFileKept() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    Map<String, Object> s = m.secret("test_key", "test_key", "secrets.yaml", "yaml");
    s.put("path", outside.resolve("keep").toString());

    assertThatThrownBy(() -> new Installer(InstallerManifests.options(root)).install(m.write("manifest.json")))
        .hasMessageContaining("exists and is not a symbolic link").hasMessageNotContaining("test_value");

    assertOutsideUntouched();
  }
}
