package dev.sops4j.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a failure into the one line printed after {@code sops4j: error: }. */
final class Failures {
  private Failures() {}

  /** A one-line message that says what failed and where; never a stack trace. */
  static String message(Throwable failure) {
    Throwable t = failure instanceof UncheckedIOException u ? u.getCause() : failure;
    String text;
    if (t instanceof CliException) {
      text = t.getMessage();
    } else if (t instanceof NoSuchFileException e) {
      text = "no such file: " + e.getFile();
    } else if (t instanceof AccessDeniedException e) {
      text = "permission denied: " + e.getFile();
    } else if (t instanceof FileAlreadyExistsException e) {
      text = "file already exists: " + e.getFile();
    } else if (t instanceof FileSystemException e) {
      text = e.getFile() + ": " + (e.getReason() == null ? "file system error" : e.getReason());
    } else if (t.getMessage() == null || t.getMessage().isBlank()) {
      text = t.getClass().getSimpleName();
    } else {
      text = t.getMessage();
    }
    return oneLine(text);
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
