package dev.sops4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary directory (mode 0700 on POSIX) deleted with everything in it on {@link #close()}, even
 * when tests made files or folders read-only. Closing twice is harmless.
 */
final class TempTree implements AutoCloseable {
  private final Path root;
  private boolean closed;

  private TempTree(Path root) {
    this.root = root;
  }

  /** A new directory under {@code parent}, or under {@code java.io.tmpdir} when it is null. */
  static TempTree create(Path parent, String prefix) {
    try {
      Path dir = parent == null ? Files.createTempDirectory(prefix)
          : Files.createTempDirectory(Files.createDirectories(parent), prefix);
      restrict(dir);
      return new TempTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the secrets testkit", e);
    }
  }

  Path root() {
    return root;
  }

  /** A subdirectory, created (mode 0700) when missing. */
  Path directory(String name) {
    try {
      Path dir = Files.createDirectories(root.resolve(name));
      restrict(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root.resolve(name), e);
    }
  }

  static void restrict(Path dir) throws IOException {
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      deleteTree(root);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary directory " + root, e);
    }
  }

  private static void deleteTree(Path top) throws IOException {
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        dir.toFile().setWritable(true, true);
        dir.toFile().setExecutable(true, true);
        dir.toFile().setReadable(true, true);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
