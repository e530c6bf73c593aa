package dev.sops4j.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared fixtures at {@code ../shared/fixtures} beside the project root, read in place. When the
 * folder is absent the calling test is skipped with a message, or fails when {@code CI=true}.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    Path dir = ProjectPaths.root().resolve("../shared/fixtures").normalize();
    String override = System.getenv("SOPS4J_FIXTURES");
    if (override != null && !override.isBlank()) {
      dir = Path.of(override);
    }
    if (!Files.isDirectory(dir)) {
      String msg = "shared fixtures not found at " + dir + " (set SOPS4J_FIXTURES or place ../shared beside the project)";
      if (ProjectPaths.onCi()) {
        Assertions.fail(msg);
      }
      Assumptions.abort(msg);
    }
    return dir;
  }

  /** A path under the fixtures root, e.g. {@code path("cctv-age/testdata")}; must exist. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      Assertions.fail("fixture missing: " + p);
    }
    return p;
  }
}
