package dev.sops4j.sops.metadata;

import dev.sops4j.sops.tree.Mapping;
import java.util.Objects;

/**
 * A master key of a type sops4j cannot open (AWS KMS, GCP KMS, Huawei KMS, Azure Key Vault, HashiCorp
 * Vault). It is kept so that the file can be opened with another key and written back unchanged.
 *
 * @param type        the metadata key: {@code kms}, {@code gcp_kms}, {@code hckms}, {@code azure_kv}
 *     or {@code hc_vault}
 * @param description what identifies the key: the ARN, resource id, key id, vault URL with key name
 *     and version, or vault address with engine path and key name
 * @param enc         the encrypted data key
 * @param fields      every field of the entry as read, written back as they are
 */
public record OtherMasterKey(String type, String description, String enc, Mapping fields)
    implements MasterKey {
  public OtherMasterKey {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(enc, "enc");
    Objects.requireNonNull(fields, "fields");
  }

  @Override
  public String toString() {
    return "OtherMasterKey[" + type + " " + description + "]";
  }
}
