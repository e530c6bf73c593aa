package dev.sops4j.sops;

import dev.sops4j.age.Age;
import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.pgp.Pgp;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpPublicKey;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.sops.crypto.KeyGroupParts;
import dev.sops4j.sops.metadata.AgeMasterKey;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.MasterKey;
import dev.sops4j.sops.metadata.OtherMasterKey;
import dev.sops4j.sops.metadata.PgpMasterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wraps a data key for key groups as sops' {@code UpdateMasterKeys} does: with one group every master
 * key holds the data key itself; with several the key is split afresh into Shamir shares, one per
 * group ({@code threshold} needed, 0 meaning all), and every master key of a group holds its share.
 * Also turns a file's master keys back into encryption targets (for rotate).
 */
final class ReencryptDataKey {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReencryptDataKey() {
  }

  /**
   * The key groups holding {@code dataKey} (or its shares) for {@code targets}.
   *
   * @param threshold the threshold as it will be written (see {@link KeyGroupParts#effectiveThreshold})
   * @throws SopsDataKeyException when the key cannot be split or encrypted to a master key
   */
  static List<KeyGroup> wrap(byte[] dataKey, List<MasterKeyGroup> targets, int threshold)
      throws SopsDataKeyException {
    List<byte[]> parts;
    try {
      parts = KeyGroupParts.split(dataKey, targets.size(), threshold, RANDOM);
    } catch (IllegalArgumentException e) {
      throw new SopsDataKeyException(e.getMessage());
    }
    OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    List<KeyGroup> groups = new ArrayList<>();
    try {
      for (int g = 0; g < targets.size(); g++) {
        List<MasterKey> keys = new ArrayList<>();
        for (MasterKeyGroup.AgeTarget target : targets.get(g).age()) {
          keys.add(new AgeMasterKey(target.text(), ageFile(parts.get(g), target)));
        }
        for (PgpPublicKey key : targets.get(g).pgp()) {
          try {
            keys.add(new PgpMasterKey(key.fingerprint(), created, Pgp.encrypt(parts.get(g), key)));
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

  /**
   * The encryption targets of a file's key groups: age recipients parsed from their text, PGP keys
   * looked up by fingerprint in {@code certificates}.
   *
   * @throws SopsDataKeyException naming the file and the master key that cannot be encrypted to: a
   *     recipient sops4j cannot parse, a PGP key whose certificate is not given, or a KMS/Vault key
   */
  static List<MasterKeyGroup> targetsOf(List<KeyGroup> groups, PgpPublicKeys certificates, String source)
      throws SopsDataKeyException {
    List<MasterKeyGroup> targets = new ArrayList<>();
    for (KeyGroup group : groups) {
      List<MasterKeyGroup.AgeTarget> age = new ArrayList<>();
      List<PgpPublicKey> pgp = new ArrayList<>();
      for (MasterKey key : group.keys()) {
        if (key instanceof AgeMasterKey a) {
          try {
            age.add(new MasterKeyGroup.AgeTarget(a.recipient(), AgeKeys.parseRecipient(a.recipient())));
          } catch (AgeKeyException e) {
            throw new SopsDataKeyException(source + ": cannot encrypt a new data key to age recipient "
                + a.recipient() + ": " + e.getMessage(), e);
          }
        } else if (key instanceof PgpMasterKey p) {
          try {
            pgp.add(certificates.require(p.fingerprint()));
          } catch (PgpKeyException | IllegalArgumentException e) {
            throw new SopsDataKeyException(source + ": cannot encrypt a new data key to PGP key "
                + p.fingerprint() + ": its public key is needed: " + e.getMessage(), e);
          }
        } else {
          OtherMasterKey other = (OtherMasterKey) key;
          throw new SopsDataKeyException(source + ": cannot encrypt a new data key to " + other.type() + " "
              + other.description() + ": sops4j does not support " + other.type() + " master keys (remove "
              + "it with updatekeys first, or rotate with sops)");
        }
      }
      targets.add(new MasterKeyGroup(age, pgp));
    }
    return targets;
  }
}
