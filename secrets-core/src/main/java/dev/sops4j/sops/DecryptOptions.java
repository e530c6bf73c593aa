package dev.sops4j.sops;

import dev.sops4j.sops.format.Format;

/**
 * How to decrypt a file.
 *
 * @param format    the file's format, or {@code null} to pick it from the file name as sops does
 * @param ignoreMac read the file even when its MAC is missing or does not match (sops {@code --ignore-mac})
 */
public record DecryptOptions(Format format, boolean ignoreMac) {

  /** Format from the file name, MAC verified. */
  public static DecryptOptions defaults() {
    return new DecryptOptions(null, false);
  }

  public DecryptOptions withFormat(Format newFormat) {
    return new DecryptOptions(newFormat, ignoreMac);
  }

  public DecryptOptions withIgnoreMac(boolean ignore) {
    return new DecryptOptions(format, ignore);
  }
}
