package dev.sops4j.age;

import java.util.Arrays;
import java.util.Locale;

/**
 * Bech32 as age uses it: the BIP-173 checksum (not Bech32m), no 90-character limit, all upper-case
 * or all lower-case, checksum computed over the lower-case form. Package-private: not API.
 */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final int CHECKSUM_LENGTH = 6;

  /** A decoded string: the human-readable part in the case it was written, and the 8-bit data. */
  record Decoded(String hrp, byte[] data) {
    Decoded {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public String toString() {
      return "Bech32[" + hrp + ", " + data.length + " bytes]";
    }
  }

  private Bech32() {}

  /**
   * Encodes {@code data} under {@code hrp}. The output is upper-case when the HRP is upper-case,
   * lower-case otherwise.
   */
  static String encode(String hrp, byte[] data) {
    if (hrp.isEmpty()) {
      throw new IllegalArgumentException("Bech32 HRP is empty");
    }
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new IllegalArgumentException("Bech32 HRP has an invalid character at index " + i);
      }
    }
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    boolean upper = !lowerHrp.equals(hrp);
    if (upper && !hrp.toUpperCase(Locale.ROOT).equals(hrp)) {
      throw new IllegalArgumentException("Bech32 HRP has mixed case");
    }
    byte[] values = toFiveBits(data);
    byte[] checksum = checksum(lowerHrp, values);
    StringBuilder out = new StringBuilder(lowerHrp.length() + 1 + values.length + CHECKSUM_LENGTH);
    out.append(lowerHrp).append('1');
    for (byte v : values) {
      out.append(CHARSET.charAt(v));
    }
    for (byte v : checksum) {
      out.append(CHARSET.charAt(v));
    }
    String text = out.toString();
    return upper ? text.toUpperCase(Locale.ROOT) : text;
  }

  /** Decodes a Bech32 string; the message of a failure never contains the string itself. */
  static Decoded decode(String text) throws AgeKeyException {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.equals(text) && !text.toUpperCase(Locale.ROOT).equals(text)) {
      throw new AgeKeyException("invalid Bech32: mixed case");
    }
    int separator = text.lastIndexOf('1');
    if (separator < 1 || separator + 1 + CHECKSUM_LENGTH > text.length()) {
      throw new AgeKeyException("invalid Bech32: separator '1' at invalid position");
    }
    String hrp = text.substring(0, separator);
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        throw new AgeKeyException("invalid Bech32: invalid character in the human-readable part at index " + i);
      }
    }
    byte[] values = new byte[text.length() - separator - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(separator + 1 + i));
      if (v < 0) {
        throw new AgeKeyException("invalid Bech32: invalid character in the data part at index " + (separator + 1 + i));
      }
      values[i] = (byte) v;
    }
    String lowerHrp = lower.substring(0, separator);
    if (polymod(expandHrp(lowerHrp), values) != 1) {
      throw new AgeKeyException("invalid Bech32: bad checksum");
    }
    byte[] payload = new byte[values.length - CHECKSUM_LENGTH];
    System.arraycopy(values, 0, payload, 0, payload.length);
    return new Decoded(hrp, toEightBits(payload));
  }

  /**
   * Decodes an age key string whose human-readable part must be exactly {@code hrp}, case included.
   * Every failure is an {@link AgeKeyException} saying {@code "malformed <what>: …"}, never the text.
   */
  static byte[] decodeKey(String text, String hrp, String what) throws AgeKeyException {
    Decoded decoded;
    try {
      decoded = decode(text);
    } catch (AgeKeyException e) {
      throw new AgeKeyException("malformed " + what + ": " + e.getMessage(), e);
    }
    if (!decoded.hrp().equals(hrp)) {
      String letterCase = hrp.equals(hrp.toUpperCase(Locale.ROOT)) ? "upper-case" : "lower-case";
      throw new AgeKeyException("malformed " + what + ": the prefix must be " + letterCase + " \"" + hrp + "1\"");
    }
    return decoded.data();
  }

  /** {@link #decodeKey(String, String, String)} for a key of exactly {@code length} bytes. */
  static byte[] decodeKey(String text, String hrp, int length, String what) throws AgeKeyException {
    byte[] key = decodeKey(text, hrp, what);
    if (key.length != length) {
      Arrays.fill(key, (byte) 0);
      throw new AgeKeyException("malformed " + what + ": key is " + key.length + " bytes, expected " + length);
    }
    return key;
  }

  private static byte[] checksum(String lowerHrp, byte[] values) {
    byte[] padded = new byte[values.length + CHECKSUM_LENGTH];
    System.arraycopy(values, 0, padded, 0, values.length);
    int mod = polymod(expandHrp(lowerHrp), padded) ^ 1;
    byte[] out = new byte[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out[i] = (byte) ((mod >>> (5 * (CHECKSUM_LENGTH - 1 - i))) & 31);
    }
    return out;
  }

  private static byte[] expandHrp(String lowerHrp) {
    int n = lowerHrp.length();
    byte[] out = new byte[2 * n + 1];
    for (int i = 0; i < n; i++) {
      char c = lowerHrp.charAt(i);
      out[i] = (byte) (c >>> 5);
      out[n + 1 + i] = (byte) (c & 31);
    }
    return out;
  }

  private static int polymod(byte[] prefix, byte[] values) {
    int chk = 1;
    chk = polymodUpdate(chk, prefix);
    return polymodUpdate(chk, values);
  }

  private static int polymodUpdate(int chk, byte[] values) {
    for (byte value : values) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ value;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) != 0) {
          chk ^= GENERATOR[i];
        }
      }
    }
    return chk;
  }

  /** 8-bit bytes to 5-bit groups, the last group padded with zero bits. */
  private static byte[] toFiveBits(byte[] data) {
    byte[] out = new byte[(data.length * 8 + 4) / 5];
    int acc = 0;
    int bits = 0;
    int n = 0;
    for (byte b : data) {
      acc = ((acc << 8) | (b & 0xff)) & 0xfff;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[n++] = (byte) ((acc >>> bits) & 31);
      }
    }
    if (bits > 0) {
      out[n++] = (byte) ((acc << (5 - bits)) & 31);
    }
    return out;
  }

  /** 5-bit groups to 8-bit bytes; fewer than 5 leftover bits, all zero, are allowed as padding. */
  private static byte[] toEightBits(byte[] values) throws AgeKeyException {
    byte[] out = new byte[values.length * 5 / 8];
    int acc = 0;
    int bits = 0;
    int n = 0;
    for (byte v : values) {
      acc = ((acc << 5) | v) & 0xfff;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >>> bits);
      }
    }
    if (bits >= 5) {
      throw new AgeKeyException("invalid Bech32: too much padding");
    }
    if (((acc << (8 - bits)) & 0xff) != 0) {
      throw new AgeKeyException("invalid Bech32: non-zero padding");
    }
    return out;
  }
}
