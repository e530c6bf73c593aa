package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults while installing a generation (a full disk, a failed rename, a failed prune, a failed
 * {@code path} link): the live link keeps pointing to the previous complete generation, the error says
 * what failed, and the next run recovers. Failures are injected through {@link GenerationWriter.Faults}
 * because the tests run as root (permissions stop nothing); a real full tmpfs is used when mounting works.
 */
class InstallFaultTest {
  private static final String CANARY = "canary-fault-secret-5521";
  private static final String NO_SPACE = "No space left on device";

  @TempDir Path root;

  private RuntimeLayout layout() {
    return new RuntimeLayout(root.resolve("secrets.d"), root.resolve("secrets"));
  }

  private GenerationWriter writer(GenerationWriter.Faults faults) {
    return new GenerationWriter(layout(), new GenerationWriter.Options(1, false, -1), faults);
  }

  private static InstallFile secret(String name, String content) {
    return InstallFile.secret(name, content.getBytes(StandardCharsets.UTF_8), 0400);
  }

  /** Four files (one template, one in a sub-directory), each holding {@code prefix} and the canary. */
  private static List<InstallFile> files(String prefix) {
    return List.of(secret("a", prefix + "-a-" + CANARY), secret("db/password", prefix + "-db-" + CANARY),
        secret("z", prefix + "-z-" + CANARY),
        InstallFile.template("app.conf", (prefix + "-conf-" + CANARY).getBytes(StandardCharsets.UTF_8), 0440));
  }

  private void assertLiveIs(int generation, String prefix) throws IOException {
    assertLiveIs(root, generation, prefix);
  }

  private void assertLiveIs(Path mount, int generation, String prefix) throws IOException {
    Path live = root.resolve("secrets");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(mount.resolve("secrets.d/" + generation));
    assertThat(Files.readString(live.resolve("a"))).isEqualTo(prefix + "-a-" + CANARY);
    assertThat(Files.readString(live.resolve("db/password"))).isEqualTo(prefix + "-db-" + CANARY);
    assertThat(Files.readString(live.resolve("z"))).isEqualTo(prefix + "-z-" + CANARY);
    assertThat(Files.readString(live.resolve("rendered/app.conf"))).isEqualTo(prefix + "-conf-" + CANARY);
  }

  private List<String> entries(Path dir) throws IOException {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Fails the {@code k}-th file write (1-based) the way a full disk does; counts the writes. */
  private static GenerationWriter.Faults failWrite(int k, AtomicInteger writes) {
    return (step, path) -> {
      if (step == GenerationWriter.Step.WRITE_FILE && writes.incrementAndGet() == k) {
        throw new IOException(NO_SPACE);
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void aFullDiskOnTheKthFileKeepsThePreviousGenerationLive(int k) throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("old"));
    AtomicInteger writes = new AtomicInteger();
    List<String> written = new ArrayList<>();
    GenerationWriter.Faults faults = (step, path) -> {
      if (step == GenerationWriter.Step.WRITE_FILE) {
        written.add(root.resolve("secrets.d/2").relativize(path).toString());
      }
      failWrite(k, writes).before(step, path);
    };

    assertThatThrownBy(() -> writer(faults).install(files("new")))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining(NO_SPACE)
        .hasMessageContaining("secrets.d/2")
        .hasMessageContaining("writing '" + written.get(written.size() - 1) + "'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));

    assertThat(written).hasSize(k);
    assertLiveIs(1, "old");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("1"); // the half-written generation is gone
    GenerationWriter.Result next = writer(GenerationWriter.Faults.NONE).install(files("new"));
    assertThat(next.generation()).isEqualTo(2);
    assertLiveIs(2, "new");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("2");
  }

  @Test
  void aFailedDirectoryCreationKeepsThePreviousGenerationLive() throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("old"));
    GenerationWriter.Faults faults = (step, path) -> {
      if (step == GenerationWriter.Step.CREATE_DIRECTORY && path.endsWith("db")) {
        throw new IOException(NO_SPACE);
      }
    };

    assertThatThrownBy(() -> writer(faults).install(files("new")))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("writing 'db/password'")
        .hasMessageContaining(NO_SPACE);

    assertLiveIs(1, "old");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("1");
    writer(GenerationWriter.Faults.NONE).install(files("new"));
    assertLiveIs(2, "new");
  }

  @Test
  void aHalfWrittenGenerationThatCouldNotBeRemovedIsRemovedByTheNextRun() throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("old"));
    // what a failed run leaves when even its clean-up fails (or the process dies): a partial generation 2
    Path half = Files.createDirectories(root.resolve("secrets.d/2/db"));
    Files.writeString(half.resolve("password"), "partial");

    writer(GenerationWriter.Faults.NONE).install(files("new"));

    assertLiveIs(2, "new");
    assertThat(Files.exists(root.resolve("secrets/z"))).isTrue();
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("2");
  }

  @Test
  void aFailedLinkSwitchKeepsThePreviousGenerationAndLeavesNoTemporaryLink() throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("old"));
    GenerationWriter.Faults faults = (step, path) -> {
      if (step == GenerationWriter.Step.SWITCH_LINK) {
        assertThat(Files.isSymbolicLink(path)).isTrue(); // the temporary link exists at this point
        throw new IOException("rename failed: " + NO_SPACE);
      }
    };

    assertThatThrownBy(() -> writer(faults).install(files("new")))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("cannot switch " + root.resolve("secrets"))
        .hasMessageContaining("rename failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));

    assertLiveIs(1, "old");
    assertThat(entries(root)).containsExactly("secrets", "secrets.d");
    GenerationWriter.Result next = writer(GenerationWriter.Faults.NONE).install(files("new"));
    assertThat(next.generation()).isEqualTo(2);
    assertLiveIs(2, "new");
    assertThat(entries(root)).containsExactly("secrets", "secrets.d");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("2");
  }

  @Test
  void aTemporaryLinkLeftByAKilledSwitchIsRemovedByTheNextRun() throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("old"));
    Files.createSymbolicLink(root.resolve(".sops4j-switch-0011223344556677"), root.resolve("secrets.d/2"));

    writer(GenerationWriter.Faults.NONE).install(files("new"));

    assertLiveIs(2, "new");
    assertThat(entries(root)).containsExactly("secrets", "secrets.d");
  }

  @Test
  void aFailedPruneDoesNotFailTheInstallAndALaterRunPrunes() throws Exception {
    writer(GenerationWriter.Faults.NONE).install(files("first"));
    AtomicInteger prunes = new AtomicInteger();
    GenerationWriter.Faults faults = (step, path) -> {
      if (step == GenerationWriter.Step.PRUNE) {
        prunes.incrementAndGet();
        throw new IOException("Device or resource busy");
      }
    };

    GenerationWriter.Result second = writer(faults).install(files("second"));

    assertThat(prunes.get()).isEqualTo(1);
    assertThat(second.switched()).isTrue();
    assertLiveIs(2, "second");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("1", "2");
    writer(GenerationWriter.Faults.NONE).install(files("third"));
    assertLiveIs(3, "third");
    assertThat(entries(root.resolve("secrets.d"))).containsExactly("3");
  }

  @Test
  void aFailedPathLinkIsReportedAndTheLiveGenerationStaysConsistent() throws Exception {
    InstallerManifests m = new InstallerManifests(root).ageKeyFile();
    m.secret("token", "test_key", "secrets.yaml", "yaml");
    // a directory name longer than any file system allows: creating the link's parent fails (ENAMETOOLONG)
    Path unreachable = root.resolve("etc").resolve("d".repeat(300)).resolve("token");
    m.secret("linked", "test_key", "secrets.yaml", "yaml").put("path", unreachable.toString());
    Path manifest = m.write("manifest.json");

    assertThatThrownBy(() -> new Installer(InstallerManifests.options(root)).install(manifest))
        .isInstanceOf(InstallException.class)
        .hasMessageContaining("generation 1 is live, but some path links failed")
        .hasMessageContaining("secret 'linked'")
        .hasMessageContaining("File name too long")
        .satisfies(e -> {
          for (String value : InstallerManifests.FIXTURE_VALUES) {
            assertThat(e.getMessage()).doesNotContain(value);
          }
        });

    Path live = root.resolve("secrets");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(root.resolve("secrets.d/1"));
    assertThat(Files.readString(live.resolve("token"))).isEqualTo("test_value");
    assertThat(Files.readString(live.resolve("linked"))).isEqualTo("test_value");
    assertThat(entries(root)).noneMatch(name -> name.startsWith(".sops4j-"));
    assertThat(entries(root.resolve("etc"))).noneMatch(name -> name.startsWith(".sops4j-"));

    // with a reachable path the next run succeeds and makes the link
    Path reachable = root.resolve("etc/app/token");
    InstallerManifests fixed = new InstallerManifests(root).ageKeyFile();
    fixed.secret("token", "test_key", "secrets.yaml", "yaml");
    fixed.secret("linked", "test_key", "secrets.yaml", "yaml").put("path", reachable.toString());
    InstallResult again = new Installer(InstallerManifests.options(root)).install(fixed.write("manifest.json"));
    assertThat(again.links()).containsExactly(reachable);
    assertThat(Files.readString(reachable)).isEqualTo("test_value");
    assertThat(Files.readSymbolicLink(live)).isEqualTo(root.resolve("secrets.d/2"));
  }

  @Test
  void aReallyFullTmpfsKeepsThePreviousGenerationLive() throws Exception {
    Path disk = Files.createDirectories(root.resolve("disk"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()),
        "mounting a small tmpfs is not allowed here");
    try {
      RuntimeLayout layout = new RuntimeLayout(disk.resolve("secrets.d"), root.resolve("secrets"));
      GenerationWriter writer = new GenerationWriter(layout, new GenerationWriter.Options(1, false, -1));
      writer.install(List.of(secret("small", "old-" + CANARY), secret("other", "old-other")));
      byte[] big = new byte[256 * 1024];
      java.util.Arrays.fill(big, (byte) 'x');

      assertThatThrownBy(() -> writer.install(List.of(secret("small", "new-" + CANARY),
          InstallFile.secret("big", big, 0400))))
          .isInstanceOf(InstallException.class)
          .hasMessageContaining(NO_SPACE)
          .hasMessageContaining("writing 'big'")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));

      Path live = root.resolve("secrets");
      assertThat(Files.readSymbolicLink(live)).isEqualTo(disk.resolve("secrets.d/1"));
      assertThat(Files.readString(live.resolve("small"))).isEqualTo("old-" + CANARY);
      assertThat(Files.readString(live.resolve("other"))).isEqualTo("old-other");
      assertThat(entries(disk.resolve("secrets.d"))).containsExactly("1");

      writer.install(List.of(secret("small", "new-" + CANARY)));
      assertThat(Files.readString(live.resolve("small"))).isEqualTo("new-" + CANARY);
      assertThat(entries(disk.resolve("secrets.d"))).containsExactly("2");
    } finally {
      run("umount", disk.toString());
    }
  }

  @Test
  void aReadOnlyRuntimeDirectoryFailsNamingItAndTheNextRunAfterItIsWritableRecovers() throws Exception {
    Path disk = Files.createDirectories(root.resolve("ro"));
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()),
        "mounting a tmpfs is not allowed here");
    try {
      RuntimeLayout layout = new RuntimeLayout(disk.resolve("secrets.d"), root.resolve("secrets"));
      GenerationWriter writer = new GenerationWriter(layout, new GenerationWriter.Options(1, false, -1));
      writer.install(files("old"));
      // a real read-only file system: root's permission override does not apply to it
      assertThat(run("mount", "-o", "remount,ro", disk.toString())).isTrue();

      assertThatThrownBy(() -> writer.install(files("new")))
          .isInstanceOf(InstallException.class)
          .hasMessageContaining("Read-only file system")
          .hasMessageContaining(disk.resolve("secrets.d").toString())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
      assertLiveIs(disk, 1, "old");

      assertThat(run("mount", "-o", "remount,rw", disk.toString())).isTrue();
      writer.install(files("new"));
      assertLiveIs(disk, 2, "new");
      assertThat(entries(disk.resolve("secrets.d"))).containsExactly("2");
    } finally {
      run("umount", disk.toString());
    }
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
