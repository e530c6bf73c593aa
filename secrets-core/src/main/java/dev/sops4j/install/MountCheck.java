package dev.sops4j.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the file system type under a directory from a Linux {@code mountinfo} table, to warn when
 * secrets would rest on a disk: sops-nix mounts a ramfs (or tmpfs) for its generations, sops4j mounts
 * nothing.
 */
final class MountCheck {
  private MountCheck() {
  }

  /**
   * A warning when {@code dir} (or its nearest existing ancestor) is not on tmpfs or ramfs; empty when it
   * is, or when the table cannot be read.
   */
  static Optional<String> warning(Path mountInfo, Path dir) {
    if (mountInfo == null) {
      return Optional.empty();
    }
    Optional<String> type = fileSystemType(mountInfo, dir);
    if (type.isEmpty() || type.get().equals("tmpfs") || type.get().equals("ramfs")) {
      return Optional.empty();
    }
    return Optional.of("the secrets mount point " + dir + " is on a " + type.get()
        + " file system, not tmpfs or ramfs: decrypted secrets are stored on it (sops4j mounts nothing; "
        + "mount a tmpfs or ramfs there)");
  }

  /** The type of the mount holding {@code dir}: the longest mount point that is a prefix of its real path. */
  static Optional<String> fileSystemType(Path mountInfo, Path dir) {
    String table;
    try {
      table = Files.readString(mountInfo, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    Path target = realPath(dir.toAbsolutePath().normalize());
    String best = null;
    String bestType = null;
    for (String line : table.split("\n")) {
      // id parent major:minor root mountpoint options [optional fields] - type source superoptions
      String[] fields = line.split(" ");
      int dash = indexOf(fields, "-");
      if (fields.length < 5 || dash < 0 || dash + 1 >= fields.length) {
        continue;
      }
      String mountPoint = unescape(fields[4]);
      if (target.startsWith(Path.of(mountPoint)) && (best == null || mountPoint.length() >= best.length())) {
        best = mountPoint;
        bestType = fields[dash + 1];
      }
    }
    return Optional.ofNullable(bestType);
  }

  private static Path realPath(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        try {
          Path real = p.toRealPath();
          return real.resolve(p.relativize(dir));
        } catch (IOException e) {
          return dir;
        }
      }
    }
    return dir;
  }

  private static int indexOf(String[] fields, String value) {
    for (int i = 6; i < fields.length; i++) {
      if (fields[i].equals(value)) {
        return i;
      }
    }
    return -1;
  }

  /** mountinfo writes space, tab, newline and backslash in paths as three octal digits after a backslash. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(
          d -> d >= '0' && d <= '7')) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
