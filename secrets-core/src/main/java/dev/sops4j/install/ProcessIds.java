package dev.sops4j.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user id of this process (Linux: the owner of {@code /proc/self}). */
final class ProcessIds {
  private ProcessIds() {
  }

  static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  static boolean isRoot() {
    try {
      return uid() == 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
