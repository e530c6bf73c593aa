package dev.sops4j.sops.metadata;

import java.util.List;

/**
 * A key group: any one of its master keys opens the group's secret (the data key itself with one
 * group, a Shamir share with several). Keys are in sops' order: kms, gcp_kms, hckms, azure_kv,
 * hc_vault, pgp, age.
 */
public record KeyGroup(List<MasterKey> keys) {
  public KeyGroup {
    keys = List.copyOf(keys);
  }

  public static KeyGroup of(MasterKey... keys) {
    return new KeyGroup(List.of(keys));
  }
}
