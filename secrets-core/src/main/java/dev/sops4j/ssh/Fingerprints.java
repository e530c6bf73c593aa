package dev.sops4j.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** OpenSSH SHA-256 fingerprints ({@code SHA256:} + unpadded base64), as {@code ssh-keygen -l} prints them. */
final class Fingerprints {
  private Fingerprints() {}

  static String sha256(byte[] wireEncoding) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(wireEncoding);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
