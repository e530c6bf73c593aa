package dev.sops4j.install;

import java.util.Locale;

/**
 * How far an install goes, as sops-install-secrets' {@code -check-mode}: {@link #OFF} installs;
 * {@link #MANIFEST} checks the manifest alone (no file but template files is read, no user is
 * looked up); {@link #SOPSFILE} also parses every SOPS file and checks that each secret's key is in
 * it, without decrypting.
 */
public enum CheckMode {
  /** Install (the default). */
  OFF,
  /** Check the manifest only. */
  MANIFEST,
  /** Check the manifest and the SOPS files' keys, without decryption. */
  SOPSFILE;

  /**
   * Parses {@code off}, {@code manifest} or {@code sopsfile} (any case).
   *
   * @throws IllegalArgumentException for any other text
   */
  public static CheckMode parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "off" -> OFF;
      case "manifest" -> MANIFEST;
      case "sopsfile" -> SOPSFILE;
      default -> throw new IllegalArgumentException("unknown check mode '" + text
          + "' (expected off, manifest or sopsfile)");
    };
  }

  /** The name as sops-nix spells it. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
