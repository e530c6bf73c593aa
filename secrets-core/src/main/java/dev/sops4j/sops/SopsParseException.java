package dev.sops4j.sops;

/**
 * The file is not valid in its format (YAML, JSON, dotenv, INI) or has a shape SOPS does not accept
 * (top level not a mapping, duplicate key, non-string key, reserved {@code sops} key). Names the
 * source, the 1-based line when known and the key path when known.
 */
public final class SopsParseException extends SopsException {
  private final String source;
  private final int line;
  private final String keyPath;

  /**
   * @param source  file name or other description of the input
   * @param line    1-based line, or 0 when unknown
   * @param keyPath key path such as {@code a:b:} or {@code null} when unknown
   * @param problem what is wrong (never a value)
   */
  public SopsParseException(String source, int line, String keyPath, String problem) {
    super(format(source, line, keyPath, problem));
    this.source = source;
    this.line = line;
    this.keyPath = keyPath;
  }

  public SopsParseException(String source, int line, String keyPath, String problem, Throwable cause) {
    super(format(source, line, keyPath, problem), cause);
    this.source = source;
    this.line = line;
    this.keyPath = keyPath;
  }

  private static String format(String source, int line, String keyPath, String problem) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (keyPath != null) {
      sb.append("at key '").append(keyPath).append("': ");
    }
    return sb.append(problem).toString();
  }

  public String source() {
    return source;
  }

  /** 1-based line, 0 when unknown. */
  public int line() {
    return line;
  }

  /** The key path, or {@code null}. */
  public String keyPath() {
    return keyPath;
  }
}
