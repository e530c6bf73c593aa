package dev.sops4j.cli;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a command writes its result. Standard output and non-regular files (such as
 * {@code /dev/null}) are written directly; a regular file is written to a private (0600) temporary
 * file beside it and renamed over it by {@link #commit()}, so a failure never leaves a partial file:
 * {@link #close()} without a commit deletes the temporary file.
 */
final class OutputTarget implements Closeable {
  private final OutputStream stream;
  private final Path temp;
  private final Path target;
  private boolean committed;

  private OutputTarget(OutputStream stream, Path temp, Path target) {
    this.stream = stream;
    this.temp = temp;
    this.target = target;
  }

  /** Output to {@code file}, or to {@code stdout} when {@code file} is null or {@code -}. */
  static OutputTarget open(Path file, OutputStream stdout) throws IOException {
    if (isStdout(file)) {
      return new OutputTarget(new KeepOpen(stdout), null, null);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      return new OutputTarget(Files.newOutputStream(file, StandardOpenOption.WRITE), null, null);
    }
    Path absolute = file.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp",
        ownerOnly());
    return new OutputTarget(Files.newOutputStream(temp, StandardOpenOption.WRITE), temp, absolute);
  }

  /** True when {@code file} means standard output: none given, or {@code -}. */
  static boolean isStdout(Path file) {
    return file == null || file.toString().equals("-");
  }

  /** Attributes for a file only its owner may read and write, where the file system has POSIX modes. */
  static FileAttribute<?>[] ownerOnly() {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }

  /** The stream to write to; closing it does not close standard output. */
  OutputStream stream() {
    return stream;
  }

  /** Marks the output complete: closes the stream and moves a temporary file into place. */
  void commit() throws IOException {
    stream.close();
    if (temp != null) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    committed = true;
  }

  /** Releases the stream; without a commit the temporary file is deleted. */
  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    try {
      stream.close();
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Standard output: flushed instead of closed. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
