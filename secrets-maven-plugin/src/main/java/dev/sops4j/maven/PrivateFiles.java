package dev.sops4j.maven;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How the goals write files: new key files owner-only ({@code 0600}) and never over an existing
 * file; in-place rewrites atomically (a private temporary file beside the target, renamed over it)
 * keeping the target's permissions, so a reader sees the old or the new file, never a part.
 */
final class PrivateFiles {
  private PrivateFiles() {}

  /** Whether this file system has POSIX permissions. */
  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** {@code rw-------} where the file system has POSIX permissions, else nothing. */
  static FileAttribute<?>[] ownerOnly() {
    return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /**
   * Creates {@code file} with mode 0600 and writes {@code content}; parent directories are created.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the file exists (it is left untouched)
   */
  static void createNew(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(Files.createFile(file, ownerOnly()), content, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Writes {@code content} to {@code file} atomically, mode 0600, replacing any existing file. */
  static void replacePrivate(Path file, byte[] content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    moveInto(parent, file.getFileName().toString(), file, content, null);
  }

  /** Replaces an existing file's content atomically, keeping its permissions (through symbolic links). */
  static void replaceInPlace(Path file, byte[] content) throws IOException {
    Path target = file.toRealPath();
    Set<PosixFilePermission> mode = posix() ? Files.getPosixFilePermissions(target) : null;
    moveInto(target.getParent(), target.getFileName().toString(), target, content, mode);
  }

  private static void moveInto(Path dir, String name, Path target, byte[] content, Set<PosixFilePermission> mode)
      throws IOException {
    Path temp = Files.createTempFile(dir, "." + name + ".", ".tmp", ownerOnly());
    try {
      Files.write(temp, content);
      if (mode != null) {
        Files.setPosixFilePermissions(temp, mode);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
