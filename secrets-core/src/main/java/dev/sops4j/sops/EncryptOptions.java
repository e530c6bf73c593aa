package dev.sops4j.sops;

import dev.sops4j.sops.crypto.EncryptionRules;
import java.util.List;

/**
 * How to encrypt a file.
 *
 * @param keyGroups        the key groups; one group unless Shamir sharing is wanted
 * @param shamirThreshold  groups needed to decrypt when there are several (0: all)
 * @param rules            which values are encrypted (sops' default: {@code unencrypted_suffix: _unencrypted})
 * @param macOnlyEncrypted hash only encrypted values into the MAC ({@code mac_only_encrypted})
 */
public record EncryptOptions(List<MasterKeyGroup> keyGroups, int shamirThreshold, EncryptionRules rules,
    boolean macOnlyEncrypted) {

  public EncryptOptions {
    keyGroups = List.copyOf(keyGroups);
    if (keyGroups.isEmpty() || keyGroups.stream().anyMatch(MasterKeyGroup::isEmpty)) {
      throw new IllegalArgumentException("every key group needs at least one master key");
    }
  }

  /** One key group, the default rules. */
  public static EncryptOptions of(MasterKeyGroup group) {
    return new EncryptOptions(List.of(group), 0, EncryptionRules.defaults(), false);
  }
}
