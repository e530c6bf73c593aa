package dev.sops4j.sops;

import dev.sops4j.age.Age;
import dev.sops4j.pgp.Pgp;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.crypto.MacCheck;
import dev.sops4j.sops.crypto.TreeCipher;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.AgeMasterKey;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.LastModified;
import dev.sops4j.sops.metadata.MasterKey;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataWriter;
import dev.sops4j.sops.metadata.PgpMasterKey;
import dev.sops4j.sops.tree.Documents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
  private static final SecureRandom RANDOM = new SecureRandom();

  private SopsEncryption() {
  }

  static byte[] encrypt(Documents plain, Format format, EncryptOptions options, Clock clock)
      throws SopsException {
    byte[] dataKey = new byte[DataKeyRecovery.DATA_KEY_LENGTH];
    RANDOM.nextBytes(dataKey);
    try {
      List<KeyGroup> groups = wrap(dataKey, options);
      ValueCipher cipher = new ValueCipher(dataKey);
      TreeCipher.Encrypted encrypted = new TreeCipher(options.rules(), options.macOnlyEncrypted())
          .encrypt(plain, cipher);
      OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
          .truncatedTo(ChronoUnit.SECONDS);
      LastModified lastModified = LastModified.of(now);
      String mac = MacCheck.encryptMac(encrypted.mac(), lastModified.time(), cipher);
      int threshold = KeyGroupParts.effectiveThreshold(groups.size(), options.shamirThreshold());
      Metadata metadata = new Metadata(groups, groups.size() > 1 ? threshold : 0, lastModified, mac,
          options.rules(), options.macOnlyEncrypted(), LAYOUT_VERSION);
      return format.store().writeEncrypted(encrypted.documents(), MetadataWriter.write(metadata));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The master keys of each group, each holding the data key or the group's Shamir share. */
  private static List<KeyGroup> wrap(byte[] dataKey, EncryptOptions options) throws SopsDataKeyException {
    List<MasterKeyGroup> specs = options.keyGroups();
    List<byte[]> parts;
    try {
      parts = KeyGroupParts.split(dataKey, specs.size(), options.shamirThreshold(), RANDOM);
    } catch (IllegalArgumentException e) {
      throw new SopsDataKeyException(e.getMessage());
    }
    List<KeyGroup> groups = new ArrayList<>();
    OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    try {
      for (int g = 0; g < specs.size(); g++) {
        byte[] part = parts.get(g);
        List<MasterKey> keys = new ArrayList<>();
        for (MasterKeyGroup.AgeTarget target : specs.get(g).age()) {
          keys.add(new AgeMasterKey(target.text(), ageFile(part, target)));
        }
        for (PgpPublicKey key : specs.get(g).pgp()) {
          try {
            keys.add(new PgpMasterKey(key.fingerprint(), created, Pgp.encrypt(part, key)));
          } catch (IOException e) {
            throw new SopsDataKeyException("cannot encrypt the data key to PGP key " + key.fingerprint()
                + ": " + e.getMessage(), e);
          }
        }
        groups.add(new KeyGroup(keys));
      }
    } finally {
      parts.forEach(p -> Arrays.fill(p, (byte) 0));
    }
    return groups;
  }

  private static String ageFile(byte[] part, MasterKeyGroup.AgeTarget target) throws SopsDataKeyException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out = Age.encrypt(buffer, List.of(target.recipient()), true)) {
      out.write(part);
    } catch (IOException e) {
      throw new SopsDataKeyException("cannot encrypt the data key to age recipient " + target.text() + ": "
          + e.getMessage(), e);
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }
}
