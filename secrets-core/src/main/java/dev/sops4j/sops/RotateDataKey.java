package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.Metadata;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * sops' {@code rotate}: a new data key wrapped for the same master keys, every value decrypted and
 * encrypted again with the new key and fresh IVs, a new MAC and {@code lastmodified}. Master keys
 * sops4j cannot encrypt to (KMS, Vault) make it fail before anything is written.
 */
final class RotateDataKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RotateDataKey() {
  }

  static byte[] rotate(byte[] data, String source, Format format, KeyRing keys, PgpPublicKeys certificates,
      Clock clock) throws SopsException {
    try (Reencryption.Opened opened = Reencryption.open(data, source, format, keys)) {
      Metadata metadata = opened.metadata();
      List<MasterKeyGroup> targets = ReencryptDataKey.targetsOf(metadata.keyGroups(), certificates, source);
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
}
