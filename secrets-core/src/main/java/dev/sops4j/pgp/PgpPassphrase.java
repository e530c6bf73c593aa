package dev.sops4j.pgp;

/**
 * Gives the passphrase of a protected secret key when it is first needed. The returned array is
 * cleared after use, so return a fresh copy each time; return null to refuse (the key stays locked).
 */
@FunctionalInterface
public interface PgpPassphrase {
  /** No passphrase for any key: protected keys stay locked. */
  PgpPassphrase NONE = fingerprint -> null;

  /**
   * The passphrase for the key with the given primary fingerprint (40 uppercase hex digits for v4),
   * or null.
   */
  char[] forKey(String primaryFingerprint);

  /** The same passphrase for every key (copied on each request). */
  static PgpPassphrase of(char[] passphrase) {
    char[] copy = passphrase.clone();
    return fingerprint -> copy.clone();
  }
}
