package dev.sops4j.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A command's input: a file, or standard input when no file (or {@code -}) is given. */
record InputSource(Path file, InputStream stdin) {

  static final int BUFFER = 1 << 16;

  boolean isStdin() {
    return file == null || file.toString().equals("-");
  }

  /** The name used in messages. */
  String name() {
    return isStdin() ? "standard input" : file.toString();
  }

  /** Opens the input; closing the stream of standard input leaves standard input open. */
  InputStream open() throws IOException {
    if (isStdin()) {
      return new FilterInputStream(stdin) {
        @Override
        public void close() {}
      };
    }
    return new BufferedInputStream(Files.newInputStream(file), BUFFER);
  }

  /** Copies {@code from} to {@code to}, flushing after each read so released bytes reach the output at once. */
  static void copy(InputStream from, java.io.OutputStream to) throws IOException {
    byte[] buffer = new byte[BUFFER * 4];
    for (int n; (n = from.read(buffer)) != -1; ) {
      to.write(buffer, 0, n);
      to.flush();
    }
  }
}
