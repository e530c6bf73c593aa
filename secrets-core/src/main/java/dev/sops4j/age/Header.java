package dev.sops4j.age;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed age header: its recipient stanzas, its MAC, and the exact bytes the MAC covers (from the
 * version line through {@code ---}). Immutable. Package-private.
 */
final class Header {
  static final String VERSION_LINE = "age-encryption.org/v1";
  static final String MAC_PREFIX = "---";
  static final String STANZA_PREFIX = "->";
  static final int MAC_SIZE = 32;

  private final List<Stanza> stanzas;
  private final byte[] mac;
  private final byte[] macInput;

  Header(List<Stanza> stanzas, byte[] mac, byte[] macInput) {
    this.stanzas = List.copyOf(stanzas);
    this.mac = mac.clone();
    this.macInput = macInput.clone();
  }

  /** The recipient stanzas in header order. */
  List<Stanza> stanzas() {
    return stanzas;
  }

  /** The stanza types in header order (duplicates kept). */
  List<String> stanzaTypes() {
    return stanzas.stream().map(Stanza::type).toList();
  }

  /** A copy of the header bytes the MAC covers. */
  byte[] macInput() {
    return macInput.clone();
  }

  /** A copy of the 32-byte MAC. */
  byte[] mac() {
    return mac.clone();
  }

  /** Whether the MAC verifies under {@code fileKey} (constant-time comparison). */
  boolean macMatches(byte[] fileKey) {
    return Primitives.constantTimeEquals(computeMac(fileKey, macInput), mac);
  }

  /** HMAC-SHA-256 under HKDF(file key, "header") of the header bytes through {@code ---}. */
  static byte[] computeMac(byte[] fileKey, byte[] macInput) {
    byte[] macKey = Primitives.hkdf(fileKey, new byte[0], "header");
    return Primitives.hmacSha256(macKey, macInput, 0, macInput.length);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "Header" + stanzas;
  }
}
