package dev.sops4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSelectionTest {
  @TempDir
  Path dir;

  @Test
  void filesThenSortedFileSetMatchesWithoutDuplicates() throws Exception {
    Path listed = touch("z.yaml");
    touch("secrets/b.yaml");
    touch("secrets/a.yaml");
    touch("secrets/deep/c.yaml");
    touch("secrets/deep/skip.yaml");
    touch("secrets/notes.txt");
    SopsFileSet set = set(dir.toFile(), List.of("**/*.yaml"), List.of("**/skip.yaml"));

    List<Path> selected = FileSelection.select(List.of(listed.toFile()), List.of(set));

    assertThat(selected).containsExactly(listed, dir.resolve("secrets/a.yaml"), dir.resolve("secrets/b.yaml"),
        dir.resolve("secrets/deep/c.yaml"));
  }

  @Test
  void doubleStarPrefixAlsoMatchesTheSetDirectoryItself() throws Exception {
    Path top = touch("top.env");
    Path nested = touch("a/b/nested.env");
    assertThat(FileSelection.select(List.of(), List.of(set(dir.toFile(), List.of("**/*.env"), List.of()))))
        .containsExactly(nested, top);
  }

  @Test
  void noIncludeMeansEveryFile() throws Exception {
    Path a = touch("a.json");
    Path b = touch("x/b.ini");
    assertThat(FileSelection.select(List.of(), List.of(set(dir.toFile(), List.of(), List.of())))).containsExactly(a, b);
  }

  @Test
  void aMissingListedFileIsAConfigurationErrorNamingIt() {
    File missing = dir.resolve("missing.yaml").toFile();
    assertThatThrownBy(() -> FileSelection.select(List.of(missing), List.of()))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(missing.getPath())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aDirectoryListedAsFileAndAMissingSetDirectoryAreConfigurationErrors() {
    assertThatThrownBy(() -> FileSelection.select(List.of(dir.toFile()), List.of()))
        .isInstanceOf(MojoFailureException.class).hasMessageContaining("is a directory");
    File missing = dir.resolve("nope").toFile();
    assertThatThrownBy(() -> FileSelection.select(List.of(), List.of(set(missing, List.of(), List.of()))))
        .isInstanceOf(MojoFailureException.class).hasMessageContaining(missing.getPath());
    assertThatThrownBy(() -> FileSelection.select(List.of(), List.of(set(null, List.of(), List.of()))))
        .isInstanceOf(MojoFailureException.class).hasMessageContaining("<directory>");
  }

  private Path touch(String name) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "k: v\n");
    return file;
  }

  private static SopsFileSet set(File directory, List<String> includes, List<String> excludes) {
    SopsFileSet set = new SopsFileSet();
    set.setDirectory(directory);
    set.setIncludes(includes);
    set.setExcludes(excludes);
    return set;
  }
}
