package dev.sops4j.sops;

/**
 * A {@code .sops.yaml} (or the command-line settings that stand in for it) cannot give the keys and
 * rules to encrypt a file: the config is missing, invalid, names a master key type sops4j does not
 * support, has no creation rule for the file, or the rule names no key. The message names the config
 * file, the line when known and the key path such as {@code creation_rules[1].kms}; config files hold
 * only public keys, so nothing secret is ever in it.
 */
public final class SopsConfigException extends SopsException {
  /** What went wrong, so that a command can pick its exit code. */
  public enum Problem {
    /** No config file was found (or it has no {@code creation_rules}) and no keys were given. */
    NOT_FOUND,
    /** The config is not valid: syntax, types, unknown or unsupported keys, bad recipients. */
    INVALID,
    /** No creation rule matches the file. */
    NO_MATCHING_RULE,
    /** The matching rule (or the command line) names no master key. */
    NO_KEYS,
    /** Settings contradict each other (more than one encryption rule). */
    CONFLICT
  }

  private final String config;
  private final int line;
  private final String keyPath;
  private final Problem problem;

  /**
   * @param config  the config file, or a description such as {@code command line}
   * @param line    1-based line in the config, 0 when unknown
   * @param keyPath where in the config, such as {@code creation_rules[0].age}, or {@code null}
   * @param problem the kind of failure
   * @param message what is wrong (never a secret)
   */
  public SopsConfigException(String config, int line, String keyPath, Problem problem, String message) {
    super(format(config, line, keyPath, message));
    this.config = config;
    this.line = line;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  /** Same, with the failure that caused it. */
  public SopsConfigException(String config, int line, String keyPath, Problem problem, String message,
      Throwable cause) {
    super(format(config, line, keyPath, message), cause);
    this.config = config;
    this.line = line;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  private static String format(String config, int line, String keyPath, String message) {
    StringBuilder sb = new StringBuilder(config);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (keyPath != null) {
      sb.append(keyPath).append(": ");
    }
    return sb.append(message).toString();
  }

  /** The config file (or {@code command line}). */
  public String config() {
    return config;
  }

  /** 1-based line in the config, 0 when unknown. */
  public int line() {
    return line;
  }

  /** Key path in the config such as {@code creation_rules[2].key_groups[0].pgp}, or {@code null}. */
  public String keyPath() {
    return keyPath;
  }

  /** The kind of failure. */
  public Problem problem() {
    return problem;
  }
}
