package dev.sops4j.cli;

/**
 * A failure the command line itself reports (bad combination of options, no passphrase available),
 * or a core failure with the place it happened prepended. Carries its exit code.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Wraps {@code cause} keeping its exit code; the message becomes {@code where: cause message}. */
  static CliException at(String where, Throwable cause) {
    return new CliException(ExitCodes.of(cause), where + ": " + Failures.message(cause), cause);
  }

  int exitCode() {
    return exitCode;
  }
}
