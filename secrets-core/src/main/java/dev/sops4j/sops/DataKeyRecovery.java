package dev.sops4j.sops;

import dev.sops4j.age.Age;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeySource;
import dev.sops4j.pgp.Pgp;
import dev.sops4j.pgp.PgpSecretKeys;
import dev.sops4j.sops.crypto.Shamir;
import dev.sops4j.sops.metadata.AgeMasterKey;
import dev.sops4j.sops.metadata.KeyGroup;
import dev.sops4j.sops.metadata.MasterKey;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.OtherMasterKey;
import dev.sops4j.sops.metadata.PgpMasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a file's data key with the master keys of its key groups: in each group age keys first, then
 * PGP keys (sops' default decryption order); KMS, Vault and the other services are named as
 * unsupported. One group gives the key itself; several give Shamir shares combined once the threshold
 * is met. When it fails, the message lists every master key tried with its reason and the key sources
 * looked at.
 */
final class DataKeyRecovery {
  static final int DATA_KEY_LENGTH = 32;

  private DataKeyRecovery() {
  }

  static byte[] open(Metadata metadata, KeyRing keys, String source) throws SopsDataKeyException {
    List<KeyGroup> groups = metadata.keyGroups();
    if (groups.isEmpty() || groups.stream().allMatch(g -> g.keys().isEmpty())) {
      throw new SopsDataKeyException(source + ": the sops metadata names no master keys");
    }
    int needed = groups.size() == 1 ? 1
        : metadata.shamirThreshold() > 0 ? metadata.shamirThreshold() : groups.size();
    List<byte[]> parts = new ArrayList<>();
    List<String> report = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      if (groups.size() > 1) {
        report.add("key group " + (g + 1) + ":");
      }
      byte[] part = openGroup(groups.get(g), keys, source, report, groups.size() > 1 ? "  " : "");
      if (part != null) {
        parts.add(part);
        if (groups.size() == 1) {
          break;
        }
      }
    }
    if (parts.size() < needed) {
      parts.forEach(p -> Arrays.fill(p, (byte) 0));
      throw new SopsDataKeyException(failure(source, groups.size(), parts.size(), needed, report, keys));
    }
    byte[] dataKey;
    try {
      dataKey = groups.size() == 1 ? parts.get(0) : Shamir.combine(parts);
    } catch (IllegalArgumentException e) {
      throw new SopsDataKeyException(source + ": the Shamir shares of the key groups do not combine: "
          + e.getMessage());
    }
    if (dataKey.length != DATA_KEY_LENGTH) {
      throw new SopsDataKeyException(source + ": the data key has " + dataKey.length
          + " bytes, expected " + DATA_KEY_LENGTH);
    }
    return dataKey;
  }

  private static byte[] openGroup(KeyGroup group, KeyRing keys, String source, List<String> report,
      String indent) {
    List<MasterKey> ordered = new ArrayList<>();
    group.keys().stream().filter(k -> k instanceof AgeMasterKey).forEach(ordered::add);
    group.keys().stream().filter(k -> k instanceof PgpMasterKey).forEach(ordered::add);
    group.keys().stream().filter(k -> k instanceof OtherMasterKey).forEach(ordered::add);
    for (MasterKey key : ordered) {
      String label = indent + key.type() + " " + key.description() + ": ";
      if (key instanceof AgeMasterKey && keys.identities().isEmpty()) {
        report.add(label + "no age identities were found (see the key sources below)");
        continue;
      }
      try {
        byte[] part = open(key, keys, source);
        if (part != null) {
          return part;
        }
      } catch (IOException e) {
        String message = String.valueOf(e.getMessage());
        report.add(label + (message.startsWith(source + ": ") ? message.substring(source.length() + 2) : message));
        continue;
      }
      report.add(label + unsupported((OtherMasterKey) key));
    }
    return null;
  }

  /** The opened data key or share; null for master key types sops4j does not support. */
  private static byte[] open(MasterKey key, KeyRing keys, String source) throws IOException {
    if (key instanceof AgeMasterKey age) {
      return Age.decrypt(age.enc().getBytes(StandardCharsets.UTF_8), keys.identities());
    }
    if (key instanceof PgpMasterKey pgp) {
      PgpSecretKeys secretKeys = keys.pgpKeys();
      return Pgp.decrypt(pgp.enc(), secretKeys, source);
    }
    return null;
  }

  private static String unsupported(OtherMasterKey key) {
    return "not supported by sops4j (" + key.type() + " master keys need their cloud service; "
        + "add an age or PGP key to the file with updatekeys)";
  }

  private static String failure(String source, int groups, int opened, int needed, List<String> report,
      KeyRing keys) {
    StringBuilder sb = new StringBuilder(source).append(": could not open the data key: ");
    if (groups == 1) {
      sb.append("no master key could be opened");
    } else {
      sb.append(opened).append(" of ").append(groups).append(" key groups opened, ").append(needed)
          .append(" needed");
    }
    sb.append("\n  master keys tried:");
    report.forEach(line -> sb.append("\n    ").append(line));
    sb.append("\n  key sources looked at:");
    List<KeySource> sources = keys.sources();
    if (sources.isEmpty()) {
      sb.append("\n    (none: the key ring was built from identities given by the caller)");
    }
    sources.forEach(s -> sb.append("\n    ").append(s));
    return sb.toString();
  }
}
