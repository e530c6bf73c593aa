package dev.sops4j.ssh;

/**
 * The field structure of authorized_keys and known_hosts lines. An authorized_keys line may start with
 * options ({@code command="echo \"x\"",no-pty,from="10.0.0.1"}) and a known_hosts line starts with host
 * names; either way that first field ends at the first blank outside double quotes, and inside quotes
 * {@code \"} is an escaped quote (as OpenSSH's {@code sshkey_advance_past_options} reads it).
 */
public final class AuthorizedKeysLine {
  private AuthorizedKeysLine() {}

  /**
   * Whether {@code field} names an SSH key type ({@code ssh-…}, {@code ecdsa-…}, {@code sk-…}), so that
   * no options or host names precede the key.
   */
  public static boolean isKeyType(String field) {
    return field.startsWith("ssh-") || field.startsWith("ecdsa-") || field.startsWith("sk-");
  }

  /** The first blank-separated word of {@code line} (which must not start with a blank). */
  public static String firstWord(String line) {
    int end = 0;
    while (end < line.length() && !blank(line.charAt(end))) {
      end++;
    }
    return line.substring(0, end);
  }

  /**
   * The rest of {@code line} after its first field (options or host names, quotes honoured), with the
   * blanks after it removed. {@code line} must not start with a blank.
   *
   * @param source names the line in error messages
   * @throws SshKeyException when a quoted string is not closed
   */
  public static String afterFirstField(String line, String source) throws SshKeyException {
    boolean quoted = false;
    int i = 0;
    for (; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!quoted && blank(c)) {
        break;
      }
      if (c == '\\' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      }
    }
    if (quoted) {
      throw new SshKeyException(source + ": unterminated quoted string in the options of the key line");
    }
    while (i < line.length() && blank(line.charAt(i))) {
      i++;
    }
    return line.substring(i);
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t';
  }
}
