package dev.sops4j.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project root (the directory of the root pom) from a test run in any module. */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path root() {
    String prop = System.getProperty("sops4j.projectRoot");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop, "secrets-core"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("secrets-core")) && Files.isRegularFile(d.resolve("pom.xml"))) {
        return d;
      }
    }
    throw new IllegalStateException("cannot find the sops4j project root above " + dir);
  }

  /** True when the environment variable {@code CI} is {@code true}: missing fixtures and peers fail. */
  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
