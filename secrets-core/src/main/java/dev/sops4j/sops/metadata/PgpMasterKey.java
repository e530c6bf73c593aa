package dev.sops4j.sops.metadata;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A PGP master key: {@code enc} is an armored OpenPGP message holding the data key.
 *
 * @param fingerprint the key's fingerprint as written ({@code fp})
 * @param createdAt   when the data key was encrypted for it ({@code created_at})
 * @param enc         the armored message
 */
public record PgpMasterKey(String fingerprint, OffsetDateTime createdAt, String enc) implements MasterKey {
  public PgpMasterKey {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(enc, "enc");
  }

  @Override
  public String type() {
    return "pgp";
  }

  @Override
  public String description() {
    return fingerprint;
  }

  @Override
  public String toString() {
    return "PgpMasterKey[" + fingerprint + "]";
  }
}
