package dev.sops4j.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How assertion messages describe a secret without showing it: its length and a short SHA-256 prefix,
 * e.g. {@code <12 bytes, sha256 3f1c0a9b2e71…>}, enough to tell two values apart.
 */
final class Redacted {
  private static final int HASH_HEX_DIGITS = 12;

  private Redacted() {
  }

  static String describe(byte[] value) {
    if (value == null) {
      return "<null>";
    }
    return "<" + value.length + " bytes, sha256 " + hashPrefix(value) + "…>";
  }

  static String describe(String value) {
    if (value == null) {
      return "<null>";
    }
    return "<" + value.length() + " chars, sha256 " + hashPrefix(value.getBytes(StandardCharsets.UTF_8)) + "…>";
  }

  private static String hashPrefix(byte[] value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value);
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The index of the first differing byte, or -1 when equal. */
  static int firstDifference(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }
}
