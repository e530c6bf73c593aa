package dev.sops4j.sops.metadata;

import dev.sops4j.sops.crypto.EncryptionRules;
import java.util.List;
import java.util.Objects;

/**
 * The {@code sops} metadata of a file.
 *
 * @param keyGroups        the key groups (one group when the file lists its keys at the top level)
 * @param shamirThreshold  how many groups must be opened when there are several; 0 when unset
 * @param lastModified     {@code lastmodified}
 * @param mac              the encrypted MAC ({@code ENC[…]}), or {@code null} when the file has none
 * @param encryptionRule   which values are encrypted (the default suffix rule when the file names none)
 * @param macOnlyEncrypted {@code mac_only_encrypted}
 * @param version          the sops version that wrote the file, or {@code ""}
 */
public record Metadata(List<KeyGroup> keyGroups, int shamirThreshold, LastModified lastModified,
    String mac, EncryptionRules encryptionRule, boolean macOnlyEncrypted, String version) {
  public Metadata {
    keyGroups = List.copyOf(keyGroups);
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(encryptionRule, "encryptionRule");
    Objects.requireNonNull(version, "version");
    if (shamirThreshold < 0) {
      throw new IllegalArgumentException("shamir_threshold must not be negative");
    }
  }

  /** Every master key of every group, in order. */
  public List<MasterKey> masterKeys() {
    return keyGroups.stream().flatMap(g -> g.keys().stream()).toList();
  }

  /** This metadata with another MAC and modification time (after encrypting). */
  public Metadata withMac(String newMac, LastModified newLastModified) {
    return new Metadata(keyGroups, shamirThreshold, newLastModified, newMac, encryptionRule,
        macOnlyEncrypted, version);
  }

  /** This metadata with other key groups (after updatekeys or rotate). */
  public Metadata withKeyGroups(List<KeyGroup> groups) {
    return new Metadata(groups, shamirThreshold, lastModified, mac, encryptionRule, macOnlyEncrypted,
        version);
  }

  @Override
  public String toString() {
    return "Metadata[" + keyGroups.size() + " key groups, " + masterKeys() + ", lastmodified="
        + lastModified.text() + ", " + encryptionRule + ", version=" + version + "]";
  }
}
