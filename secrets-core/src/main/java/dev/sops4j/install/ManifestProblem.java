package dev.sops4j.install;

/**
 * One thing wrong with a manifest. Never contains a secret value.
 *
 * @param subject what it is about, e.g. {@code secret 'db/password'}, {@code template 'app.env'} or
 *                {@code manifest}
 * @param line    1-based line in the manifest file, or 0 when not known
 * @param message what is wrong
 */
public record ManifestProblem(String subject, int line, String message) {

  /** A problem without a line. */
  public ManifestProblem(String subject, String message) {
    this(subject, 0, message);
  }

  @Override
  public String toString() {
    return (line > 0 ? "line " + line + ": " : "") + subject + ": " + message;
  }
}
