package dev.sops4j.sops.config;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One key group as a creation rule (or the command line) names it: age recipient strings and PGP
 * fingerprints, with where they were written for error messages.
 *
 * @param keyPath where the group is, such as {@code creation_rules[0]} or {@code creation_rules[1].key_groups[0]};
 *                empty for keys given on the command line (messages then name {@code --age} / {@code --pgp})
 * @param line    1-based line of the group in the config, 0 when unknown
 * @param age     age recipients ({@code age1…}, {@code age1pq1…}, {@code ssh-ed25519 …}, {@code ssh-rsa …})
 * @param pgp     PGP fingerprints (spaces removed, as sops does)
 */
public record KeyGroupSpec(String keyPath, int line, List<String> age, List<String> pgp) {

  public KeyGroupSpec {
    age = List.copyOf(age);
    pgp = pgp.stream().map(fp -> fp.replace(" ", "")).toList();
  }

  private String where(String type) {
    return keyPath.isEmpty() ? "--" + type : keyPath + "." + type;
  }

  /** Whether the group names no key. */
  public boolean isEmpty() {
    return age.isEmpty() && pgp.isEmpty();
  }

  /** The group without repeated keys (sops de-duplicates the keys of each entry of {@code key_groups}). */
  KeyGroupSpec deduplicated() {
    return new KeyGroupSpec(keyPath, line, new ArrayList<>(new LinkedHashSet<>(age)),
        new ArrayList<>(new LinkedHashSet<>(pgp)));
  }

  /**
   * Parses the recipients and looks up the PGP keys.
   *
   * @param config the config file (or {@code command line}) for messages
   * @throws SopsConfigException naming the key path and the recipient or fingerprint that is unusable
   */
  public MasterKeyGroup resolve(String config, PgpKeyLookup pgpKeys) throws SopsConfigException {
    List<MasterKeyGroup.AgeTarget> targets = new ArrayList<>();
    for (String text : age) {
      try {
        targets.add(new MasterKeyGroup.AgeTarget(text, AgeKeys.parseRecipient(text)));
      } catch (AgeKeyException e) {
        throw new SopsConfigException(config, line, where("age"), Problem.INVALID,
            shown(text) + " is not a usable age recipient: " + e.getMessage(), e);
      }
    }
    List<PgpPublicKey> keys = new ArrayList<>();
    for (String fingerprint : pgp) {
      try {
        keys.add(pgpKeys.find(fingerprint));
      } catch (IOException | IllegalArgumentException e) {
        throw new SopsConfigException(config, line, where("pgp"), Problem.INVALID,
            "PGP key " + fingerprint + ": " + e.getMessage(), e);
      }
    }
    return new MasterKeyGroup(targets, keys);
  }

  /**
   * The recipient text for a message: quoted, unless it is a secret key pasted where a recipient
   * belongs (an age identity or a plugin identity), which is never echoed.
   */
  private static String shown(String text) {
    String upper = text.strip().toUpperCase(java.util.Locale.ROOT);
    if (upper.startsWith("AGE-SECRET-KEY-") || upper.startsWith("AGE-PLUGIN-")) {
      return "a secret key (AGE-SECRET-KEY-..., not shown; give its age1... recipient instead)";
    }
    return "'" + text + "'";
  }
}
