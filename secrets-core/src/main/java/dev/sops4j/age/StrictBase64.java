package dev.sops4j.age;

import java.util.Base64;
import java.util.Optional;

/**
 * Base64 as the age header uses it: standard alphabet, no padding, canonical only (unused trailing
 * bits zero), no line breaks. Package-private: not API.
 */
final class StrictBase64 {
  private static final Base64.Encoder RAW = Base64.getEncoder().withoutPadding();

  private StrictBase64() {}

  static String encode(byte[] data) {
    return RAW.encodeToString(data);
  }

  /** Decodes, or empty when the text is not canonical unpadded standard base64. */
  static Optional<byte[]> decode(String text) {
    if (text.length() % 4 == 1) {
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) {
        return Optional.empty();
      }
    }
    byte[] out;
    try {
      out = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // Canonical: re-encoding gives the same text (rejects non-zero unused bits).
    return encode(out).equals(text) ? Optional.of(out) : Optional.empty();
  }

  /** Decodes to exactly {@code length} bytes, or empty. */
  static Optional<byte[]> decode(String text, int length) {
    return decode(text).filter(b -> b.length == length);
  }
}
