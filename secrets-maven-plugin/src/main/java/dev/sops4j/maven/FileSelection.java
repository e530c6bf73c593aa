package dev.sops4j.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The files a file goal works on: the listed files (each must exist), then the files of each file
 * set, sorted, without duplicates. Patterns use {@code /} and are matched against the path relative
 * to the set's directory; {@code **}{@code /} also matches no directory at all, as in Maven.
 */
final class FileSelection {
  private FileSelection() {}

  /**
   * The selected files, absolute and normalised, in the order given (file sets sorted).
   *
   * @throws MojoFailureException when a listed file or a set's directory does not exist
   */
  static List<Path> select(List<File> files, List<SopsFileSet> fileSets)
      throws MojoFailureException, MojoExecutionException {
    Set<Path> selected = new LinkedHashSet<>();
    for (File file : files) {
      Path path = file.toPath().toAbsolutePath().normalize();
      if (!Files.isRegularFile(path)) {
        throw Failures.configuration(path, Files.isDirectory(path) ? "is a directory: list files, or use a fileSet"
            : "the file does not exist");
      }
      selected.add(path);
    }
    for (SopsFileSet set : fileSets) {
      selected.addAll(matching(set));
    }
    return List.copyOf(selected);
  }

  private static List<Path> matching(SopsFileSet set) throws MojoFailureException, MojoExecutionException {
    if (set.getDirectory() == null) {
      throw new MojoFailureException("fileSets: a fileSet has no <directory>");
    }
    Path root = set.getDirectory().toPath().toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw Failures.configuration(root, "the fileSet directory does not exist");
    }
    List<PathMatcher> includes = matchers(set.getIncludes());
    List<PathMatcher> excludes = matchers(set.getExcludes());
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> {
            Path relative = root.relativize(p);
            return (includes.isEmpty() || matchesAny(includes, relative)) && !matchesAny(excludes, relative);
          })
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new MojoExecutionException(root + ": cannot list the fileSet directory: " + e.getMessage(), e);
    }
  }

  private static List<PathMatcher> matchers(List<String> patterns) {
    FileSystem fs = FileSystems.getDefault();
    List<PathMatcher> matchers = new ArrayList<>();
    for (String pattern : patterns) {
      String glob = pattern.strip().replace('\\', '/');
      if (glob.endsWith("/")) {
        glob = glob + "**";
      }
      matchers.add(fs.getPathMatcher("glob:" + glob));
      // "**/x" matches "x" in the set's directory too, as Maven's patterns do
      while (glob.startsWith("**/")) {
        glob = glob.substring(3);
        matchers.add(fs.getPathMatcher("glob:" + glob));
      }
    }
    return matchers;
  }

  private static boolean matchesAny(List<PathMatcher> matchers, Path relative) {
    return matchers.stream().anyMatch(m -> m.matches(relative));
  }
}
