package dev.sops4j.keys;

/**
 * Something wrong with one key source: a bad line, an unreadable file, a failing command. The
 * message never contains key material or file content.
 *
 * @param source the file or variable name
 * @param line the 1-based line number, or 0 when the problem is not about one line
 * @param message what is wrong
 */
public record KeyProblem(String source, int line, String message) {

  @Override
  public String toString() {
    return source + (line > 0 ? ": line " + line : "") + ": " + message;
  }
}
