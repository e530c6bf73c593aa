package dev.sops4j.sops.metadata;

/**
 * One master key of a key group: it holds the data key (or the group's Shamir share) encrypted for
 * one recipient. {@code toString} never prints the encrypted key.
 */
public sealed interface MasterKey permits AgeMasterKey, PgpMasterKey, OtherMasterKey {

  /** The metadata key of this key type: {@code age}, {@code pgp}, {@code kms}, {@code gcp_kms} … */
  String type();

  /** Who can open it: the age recipient, the PGP fingerprint, the KMS ARN, the vault URL … */
  String description();

  /** The encrypted data key as stored ({@code enc}). */
  String enc();
}
