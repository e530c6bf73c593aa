package dev.sops4j.sops;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.pgp.PgpFingerprints;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.MasterKey;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.metadata.PgpMasterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sops' {@code updatekeys}: the same data key wrapped for new key groups (a fresh Shamir split when
 * there are several), every value, the MAC and {@code lastmodified} left exactly as they were. The
 * threshold is the file's unless the options give one, and never more than the number of groups.
 */
final class UpdateKeys {
  private UpdateKeys() {
  }

  /** The changes {@code newKeys} would make to a file with {@code metadata}. */
  static UpdateKeysChanges plan(Metadata metadata, EncryptOptions newKeys) {
    List<KeyGroup> ours = metadata.keyGroups();
    List<MasterKeyGroup> theirs = newKeys.keyGroups();
    List<UpdateKeysChanges.GroupChanges> groups = new ArrayList<>();
    for (int i = 0; i < Math.max(ours.size(), theirs.size()); i++) {
      Map<String, String> old = new LinkedHashMap<>();
      if (i < ours.size()) {
        for (MasterKey key : ours.get(i).keys()) {
          old.put(identity(key), key.description());
        }
      }
      Map<String, String> wanted = new LinkedHashMap<>();
      if (i < theirs.size()) {
        theirs.get(i).age().forEach(t -> wanted.put("age:" + t.text(), t.text()));
        for (PgpPublicKey k : theirs.get(i).pgp()) {
          wanted.put("pgp:" + k.fingerprint(), k.fingerprint());
        }
      }
      List<String> kept = new ArrayList<>();
      List<String> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      wanted.forEach((id, text) -> (old.containsKey(id) ? kept : added).add(text));
      old.forEach((id, text) -> {
        if (!wanted.containsKey(id)) {
          removed.add(text);
        }
      });
      groups.add(new UpdateKeysChanges.GroupChanges(kept, added, removed));
    }
    int threshold = newKeys.shamirThreshold() != 0 ? newKeys.shamirThreshold() : metadata.shamirThreshold();
    threshold = Math.min(threshold, theirs.size());
    return new UpdateKeysChanges(groups, metadata.shamirThreshold(), threshold);
  }

  /** What sops compares keys by; PGP fingerprints ignoring case and spaces. */
  private static String identity(MasterKey key) {
    if (key instanceof PgpMasterKey pgp) {
      try {
        return "pgp:" + PgpFingerprints.normalize(pgp.fingerprint());
      } catch (IllegalArgumentException e) {
        return "pgp:" + pgp.fingerprint();
      }
    }
    return key.type() + ":" + key.description();
  }

  /** Reads the metadata of an encrypted file and plans the update. */
  static UpdateKeysChanges plan(byte[] data, String source, Format format, EncryptOptions newKeys)
      throws SopsException {
    EncryptedFile file = format.store().readEncrypted(data, source);
    return plan(MetadataReader.read(file.metadata(), source), newKeys);
  }

  static UpdateKeysResult apply(byte[] data, String source, Format format, KeyRing keys,
      EncryptOptions newKeys) throws SopsException {
    EncryptedFile file = format.store().readEncrypted(data, source);
    Metadata metadata = MetadataReader.read(file.metadata(), source);
    UpdateKeysChanges changes = plan(metadata, newKeys);
    if (!changes.changed()) {
      return new UpdateKeysResult(changes, data);
    }
    byte[] dataKey = DataKeyRecovery.open(metadata, keys, source);
    try {
      int groupCount = newKeys.keyGroups().size();
      int threshold = groupCount > 1
          ? KeyGroupParts.effectiveThreshold(groupCount, changes.newThreshold()) : changes.newThreshold();
      List<KeyGroup> groups;
      try {
        groups = ReencryptDataKey.wrap(dataKey, newKeys.keyGroups(), threshold);
      } catch (SopsDataKeyException e) {
        throw new SopsDataKeyException(source + ": " + e.getMessage(), e);
      }
      Metadata updated = new Metadata(groups, threshold, metadata.lastModified(), metadata.mac(),
          metadata.encryptionRule(), metadata.macOnlyEncrypted(), SopsEncryption.versionFor(metadata));
      return new UpdateKeysResult(changes, Reencryption.writeKeepingValues(file.documents(), format, updated));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }
}
