package dev.sops4j.sops;

import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.crypto.MacCheck;
import dev.sops4j.sops.crypto.TreeCipher;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.LastModified;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataWriter;
import dev.sops4j.sops.tree.Documents;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Encrypts a plaintext tree as sops does: a fresh 32-byte data key, one armored age file or PGP message
 * per master key (a Shamir share per group when there are several groups), every value encrypted with
 * a fresh IV and its path as AAD, the MAC, {@code lastmodified}, and the metadata in the layout current
 * sops writes.
 */
final class SopsEncryption {
  /** The sops release whose file layout sops4j writes; sops compares this field as a version. */
  static final String LAYOUT_VERSION = "3.13.2";

  /**
   * The version written back by set, rotate and updatekeys: the file's own, as sops keeps it (only a
   * new file, or one without a version, gets {@link #LAYOUT_VERSION}).
   */
  static String versionFor(Metadata metadata) {
    return metadata.version().isEmpty() ? LAYOUT_VERSION : metadata.version();
  }
  private static final SecureRandom RANDOM = new SecureRandom();

  private SopsEncryption() {
  }

  static byte[] encrypt(Documents plain, Format format, EncryptOptions options, Clock clock)
      throws SopsException {
    byte[] dataKey = new byte[DataKeyRecovery.DATA_KEY_LENGTH];
    RANDOM.nextBytes(dataKey);
    try {
      int threshold = KeyGroupParts.effectiveThreshold(options.keyGroups().size(), options.shamirThreshold());
      List<KeyGroup> groups = ReencryptDataKey.wrap(dataKey, options.keyGroups(), threshold);
      ValueCipher cipher = new ValueCipher(dataKey);
      TreeCipher.Encrypted encrypted = new TreeCipher(options.rules(), options.macOnlyEncrypted())
          .encrypt(plain, cipher);
      OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
          .truncatedTo(ChronoUnit.SECONDS);
      LastModified lastModified = LastModified.of(now);
      String mac = MacCheck.encryptMac(encrypted.mac(), lastModified.time(), cipher);
      Metadata metadata = new Metadata(groups, groups.size() > 1 ? threshold : 0, lastModified, mac,
          options.rules(), options.macOnlyEncrypted(), LAYOUT_VERSION);
      return format.store().writeEncrypted(encrypted.documents(), MetadataWriter.write(metadata));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }
}
