package dev.sops4j.cli;

import dev.sops4j.sops.SopsDataKeyException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/** Turns a failure into the one line printed after {@code sops4j: error: }. */
final class Failures {
  private Failures() {}

  /** What every failure line starts with. */
  static final String PREFIX = "sops4j: error: ";

  /**
   * Prints the failure of a command as one line (and its stack trace when {@code debug}); returns
   * the exit code of its class.
   */
  static int report(Exception failure, PrintWriter err, boolean debug) {
    err.println(PREFIX + message(failure));
    if (debug) {
      failure.printStackTrace(err);
    }
    return ExitCodes.of(failure);
  }

  /** True when {@value CliIo#DEBUG_ENV} asks for stack traces (set, not empty, not {@code 0}). */
  static boolean debugInEnvironment(Map<String, String> env) {
    String value = env.get(CliIo.DEBUG_ENV);
    return value != null && !value.isEmpty() && !value.equals("0");
  }

  /**
   * A message that says what failed and where, on one line (the data key report keeps its indented
   * list lines); never a stack trace.
   */
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
    // The data key report lists master keys and key sources, one per indented line: keep its lines.
    return keepsLines(t) ? text.strip() : oneLine(text);
  }

  /** Reports that list one item per indented line (data key attempts, manifest and install problems). */
  private static boolean keepsLines(Throwable t) {
    return t instanceof SopsDataKeyException || t instanceof dev.sops4j.install.ManifestException
        || t instanceof dev.sops4j.install.InstallException;
  }

  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
