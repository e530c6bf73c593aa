package dev.sops4j.keys;

/**
 * Asks for the passphrase of one key source, named so that a terminal prompt can say which
 * ("Enter passphrase for /home/u/.ssh/id_ed25519:"). The caller wipes the returned array after use.
 */
@FunctionalInterface
public interface PassphrasePrompt {

  /**
   * The passphrase for {@code source} (a file path), or null to decline: the key is then skipped (a
   * default SSH key) or reported as a problem (an explicit file).
   */
  char[] passphraseFor(String source);
}
