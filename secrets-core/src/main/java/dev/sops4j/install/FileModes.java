package dev.sops4j.install;

import java.util.OptionalInt;

/** File modes as the manifest spells them: octal text such as {@code "0400"}. */
public final class FileModes {
  /** The default mode of secrets and templates. */
  public static final String DEFAULT = "0400";
  /** The largest mode accepted: permission bits plus setuid, setgid and sticky. */
  public static final int MAX = 07777;

  private FileModes() {
  }

  /** The mode bits of {@code text} (octal digits only, at most {@code 07777}), or empty when invalid. */
  public static OptionalInt parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 8) {
      return OptionalInt.empty();
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7') {
        return OptionalInt.empty();
      }
      value = value * 8 + (c - '0');
    }
    return value <= MAX ? OptionalInt.of(value) : OptionalInt.empty();
  }

  /** The mode bits of a mode the validator accepted. */
  static int bits(String text, String subject) {
    return parse(text).orElseThrow(() -> new IllegalStateException(
        subject + ": mode is not valid; validate the manifest first"));
  }
}
