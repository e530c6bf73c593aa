package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpFingerprints;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.Metadata;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * sops' {@code rotate}: a new data key wrapped for the same master keys, every value decrypted and
 * encrypted again with the new key and fresh IVs, a new MAC and {@code lastmodified}. As sops does,
 * keys can be added to the first group and removed from every group on the way. Master keys sops4j
 * cannot encrypt to (KMS, Vault) make it fail before anything is written, unless they are removed.
 */
final class RotateDataKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RotateDataKey() {
  }

  static byte[] rotate(byte[] data, String source, Format format, KeyRing keys, RotateOptions options,
      Clock clock) throws SopsException {
    try (Reencryption.Opened opened = Reencryption.open(data, source, format, keys)) {
      Metadata metadata = opened.metadata();
      List<MasterKeyGroup> targets = withAdded(ReencryptDataKey.targetsOf(
          without(metadata.keyGroups(), options.remove()), options.pgpCertificates(), source), options.add());
      for (int g = 0; g < targets.size(); g++) {
        if (targets.get(g).isEmpty()) {
          throw new SopsDataKeyException(source + ": removing " + String.join(", ", options.remove())
              + " would leave key group " + (g + 1) + " without master keys");
        }
      }
      byte[] newKey = new byte[DataKeyRecovery.DATA_KEY_LENGTH];
      RANDOM.nextBytes(newKey);
      try {
        int threshold = targets.size() > 1
            ? KeyGroupParts.effectiveThreshold(targets.size(), metadata.shamirThreshold())
            : metadata.shamirThreshold();
        List<KeyGroup> groups;
        try {
          groups = ReencryptDataKey.wrap(newKey, targets, threshold);
        } catch (SopsDataKeyException e) {
          throw new SopsDataKeyException(source + ": " + e.getMessage(), e);
        }
        Metadata rotated = new Metadata(groups, threshold, metadata.lastModified(), metadata.mac(),
            metadata.encryptionRule(), metadata.macOnlyEncrypted(), metadata.version());
        return Reencryption.write(opened.plain(), format, rotated, new ValueCipher(newKey), clock, source);
      } finally {
        Arrays.fill(newKey, (byte) 0);
      }
    }
  }

  /** The groups without the master keys named in {@code remove} (possibly empty groups). */
  private static List<KeyGroup> without(List<KeyGroup> groups, List<String> remove) {
    if (remove.isEmpty()) {
      return groups;
    }
    Set<String> names = new HashSet<>();
    remove.forEach(r -> names.add(comparable(r)));
    List<KeyGroup> kept = new ArrayList<>();
    for (KeyGroup group : groups) {
      kept.add(new KeyGroup(group.keys().stream()
          .filter(k -> !names.contains(comparable(k.description()))).toList()));
    }
    return kept;
  }

  /** The targets with {@code add} appended to the first group, skipping keys it already has. */
  private static List<MasterKeyGroup> withAdded(List<MasterKeyGroup> targets, MasterKeyGroup add) {
    if (add.isEmpty()) {
      return targets;
    }
    MasterKeyGroup first = targets.get(0);
    List<MasterKeyGroup.AgeTarget> age = new ArrayList<>(first.age());
    for (MasterKeyGroup.AgeTarget t : add.age()) {
      if (age.stream().noneMatch(a -> a.text().equals(t.text()))) {
        age.add(t);
      }
    }
    List<PgpPublicKey> pgp = new ArrayList<>(first.pgp());
    for (PgpPublicKey k : add.pgp()) {
      if (pgp.stream().noneMatch(p -> p.fingerprint().equals(k.fingerprint()))) {
        pgp.add(k);
      }
    }
    List<MasterKeyGroup> out = new ArrayList<>(targets);
    out.set(0, new MasterKeyGroup(age, pgp));
    return out;
  }

  /** A key's text as compared for removal: PGP fingerprints upper case without spaces. */
  private static String comparable(String text) {
    try {
      return PgpFingerprints.normalize(text);
    } catch (IllegalArgumentException notAFingerprint) {
      return text;
    }
  }
}
