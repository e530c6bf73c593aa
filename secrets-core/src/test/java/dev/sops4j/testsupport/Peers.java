package dev.sops4j.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real peers for interop tests: executables on {@code PATH} (the {@code age} CLI, {@code ssh-keygen},
 * {@code node}) and the npm packages installed by {@code .ci/install-peers} into {@code .peers/}
 * under the project root (or {@code $SOPS4J_NPM_PEERS}). A missing peer skips the test, or fails it
 * when {@code CI=true}.
 */
public final class Peers {
  private Peers() {}

  /** Path of an executable on PATH, or skip/fail. */
  public static Path executable(String name) {
    return findOnPath(name).orElseGet(() -> missing("peer executable '" + name + "' not found on PATH"));
  }

  public static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The node_modules folder holding the npm peers; skip/fail when the package is absent. */
  public static Path npmPackage(String pkg) {
    executable("node");
    String override = System.getenv("SOPS4J_NPM_PEERS");
    Path base = override != null && !override.isBlank()
        ? Path.of(override)
        : ProjectPaths.root().resolve(".peers");
    Path dir = base.resolve("node_modules").resolve(pkg);
    if (!Files.isDirectory(dir)) {
      return missing("npm peer '" + pkg + "' not installed under " + base + " (run .ci/install-peers)");
    }
    return base;
  }

  private static <T> T missing(String msg) {
    if (ProjectPaths.onCi()) {
      Assertions.fail(msg);
    }
    Assumptions.abort(msg);
    throw new AssertionError(msg);
  }
}
