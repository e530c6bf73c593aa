package dev.sops4j.pgp;

import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * Fingerprint and key id spelling as sops stores them: uppercase hex without spaces (40 digits for a
 * v4 key, 64 for v5/v6), key ids as 16 uppercase hex digits.
 */
public final class PgpFingerprints {
  private static final HexFormat UPPER = HexFormat.of().withUpperCase();

  private PgpFingerprints() {}

  /** The uppercase hex fingerprint of {@code key}. */
  public static String of(PGPPublicKey key) {
    return UPPER.formatHex(key.getFingerprint());
  }

  /** A key id as 16 uppercase hex digits. */
  public static String keyId(long keyId) {
    return UPPER.toHexDigits(keyId);
  }

  /**
   * A user-given fingerprint or key id in canonical form: spaces removed, an optional {@code 0x}
   * prefix dropped, upper-cased.
   *
   * @throws IllegalArgumentException when what remains is not 16, 40 or 64 hex digits
   */
  public static String normalize(String fingerprintOrKeyId) {
    String s = fingerprintOrKeyId.replace(" ", "").strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    s = s.toUpperCase(Locale.ROOT);
    boolean hex = !s.isEmpty() && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    if (!hex || (s.length() != 16 && s.length() != 40 && s.length() != 64)) {
      throw new IllegalArgumentException(
          "not an OpenPGP fingerprint or key id (expected 16, 40 or 64 hex digits): '" + fingerprintOrKeyId + "'");
    }
    return s;
  }

  /** Whether {@code key} is the key a normalized fingerprint or key id names. */
  static boolean matches(PGPPublicKey key, String normalized) {
    return normalized.length() == 16 ? keyId(key.getKeyID()).equals(normalized) : of(key).equals(normalized);
  }
}
