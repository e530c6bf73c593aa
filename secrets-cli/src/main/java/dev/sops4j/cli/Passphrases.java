package dev.sops4j.cli;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where passphrases come from: the terminal when there is one, else the environment variable
 * {@value CliIo#PASSPHRASE_ENV} ({@value #SSH_TO_AGE_ENV} first for SSH keys). Callers zero the returned
 * arrays when done.
 */
final class Passphrases {
  /** The environment variable Mic92's ssh-to-age reads an SSH key's passphrase from. */
  static final String SSH_TO_AGE_ENV = "SSH_TO_AGE_PASSPHRASE";

  private final CliIo io;

  Passphrases(CliIo io) {
    this.io = io;
  }

  /** A passphrase to open something (asked once). */
  char[] forDecryption(String what) {
    return read("Enter passphrase for " + what + ": ", false, "for " + what);
  }

  /**
   * The passphrase of a passphrase-protected SSH key, as Mic92's ssh-to-age reads it: the environment
   * variable {@value #SSH_TO_AGE_ENV} when set and not empty, else typed on the terminal; null when
   * neither is available (the caller reports "no passphrase given"). Never from an argument.
   */
  char[] forSshKey(String source) {
    String fromEnv = io.env().get(SSH_TO_AGE_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    return typedOrNull(source);
  }

  /**
   * The passphrase of a key file, typed on the terminal after "Enter passphrase for &lt;source&gt;: ";
   * null when there is no terminal or nothing was typed.
   */
  char[] typedOrNull(String source) {
    if (!io.terminal().interactive()) {
      return null;
    }
    char[] chars = io.terminal().readPassword("Enter passphrase for " + source + ": ").orElse(null);
    if (chars != null && chars.length == 0) {
      return null;
    }
    return chars;
  }

  /** A new passphrase to encrypt with (asked twice on a terminal). */
  char[] forEncryption() {
    return read("Enter passphrase: ", true, "to encrypt with");
  }

  private char[] read(String prompt, boolean confirm, String purpose) {
    if (io.terminal().interactive()) {
      char[] first = typed(prompt);
      if (confirm) {
        char[] second = typed("Confirm passphrase: ");
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
          Arrays.fill(first, '\0');
          throw new CliException(ExitCodes.FAILURE, "passphrases didn't match");
        }
      }
      return first;
    }
    String fromEnv = io.env().get(CliIo.PASSPHRASE_ENV);
    if (fromEnv == null) {
      throw new CliException(ExitCodes.FAILURE,
          "a passphrase is needed " + purpose + ": no terminal to ask on and " + CliIo.PASSPHRASE_ENV
              + " is not set");
    }
    if (fromEnv.isEmpty()) {
      throw new CliException(ExitCodes.FAILURE, CliIo.PASSPHRASE_ENV + " is empty");
    }
    return fromEnv.toCharArray();
  }

  private char[] typed(String prompt) {
    Optional<char[]> answer = io.terminal().readPassword(prompt);
    char[] chars = answer.orElseThrow(() -> new CliException(ExitCodes.FAILURE, "no passphrase entered"));
    if (chars.length == 0) {
      throw new CliException(ExitCodes.FAILURE, "empty passphrase");
    }
    return chars;
  }

  /** The UTF-8 bytes of {@code chars}; zeroes {@code chars}. */
  static byte[] utf8(char[] chars) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    Arrays.fill(chars, '\0');
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }
}
