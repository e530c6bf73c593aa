package dev.sops4j.sops.crypto;

import dev.sops4j.sops.SopsMacException;
import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;

/**
 * The file's {@code mac}: stored encrypted with the data key, the additional data being {@code
 * lastmodified} re-formatted as RFC3339 (seconds, {@code Z} or {@code ±hh:mm}). Messages name the
 * file and never print a MAC.
 */
public final class MacCheck {
  private MacCheck() {}

  /** The additional data of the MAC: {@code lastmodified} as Go's {@code Format(time.RFC3339)}. */
  public static String additionalData(OffsetDateTime lastModified) {
    return GoFormat.formatRfc3339(lastModified);
  }

  /**
   * Checks the stored MAC against the one computed from the decrypted values.
   *
   * @param storedMac    the {@code mac} metadata value ({@code ENC[…]}), or {@code null}/empty if absent
   * @param lastModified the parsed {@code lastmodified}
   * @param computedMac  upper-case hex SHA-512 from {@link TreeCipher}
   * @param cipher       the value cipher with the file's data key
   * @param source       the file name for messages
   * @throws SopsMacException when the MAC is missing, does not decrypt, or differs
   */
  public static void verify(String storedMac, OffsetDateTime lastModified, String computedMac,
      ValueCipher cipher, String source) throws SopsMacException {
    if (storedMac == null || storedMac.isEmpty()) {
      throw new SopsMacException(source + ": the sops metadata has no MAC, so the values cannot be "
          + "verified (ignore the MAC explicitly to read the file anyway)", true);
    }
    Node plain;
    try {
      plain = cipher.decrypt(storedMac, additionalData(lastModified));
    } catch (SopsValueException e) {
      throw new SopsMacException(source + ": the MAC cannot be decrypted: the mac or lastmodified "
          + "was changed, or the data key is wrong");
    }
    byte[] stored = plain instanceof Scalar.Str s ? s.value().getBytes(StandardCharsets.UTF_8) : new byte[0];
    byte[] computed = computedMac.getBytes(StandardCharsets.UTF_8);
    if (!(plain instanceof Scalar.Str) || !MessageDigest.isEqual(stored, computed)) {
      throw new SopsMacException(source + ": MAC mismatch: the values do not match the file's MAC "
          + "(the file was changed without its data key, or is damaged)");
    }
  }

  /** Encrypts a computed MAC for the {@code mac} metadata field. */
  public static String encryptMac(String mac, OffsetDateTime lastModified, ValueCipher cipher)
      throws SopsValueException {
    return cipher.encrypt(new Scalar.Str(mac), additionalData(lastModified));
  }
}
