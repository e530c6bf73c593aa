package dev.sops4j.sops;

import dev.sops4j.pgp.PgpPublicKeys;
import java.util.List;
import java.util.Objects;

/**
 * How to rotate a file's data key, as {@code sops rotate} takes it.
 *
 * @param pgpCertificates the public keys of the PGP master keys the new data key is encrypted to
 * @param add             master keys to add to the first key group ({@code --add-age}, {@code --add-pgp});
 *     keys the group already has are not added twice
 * @param remove          master keys to remove from every group, by their text: age recipient, PGP
 *     fingerprint (case and spaces ignored), KMS ARN and so on ({@code --rm-age}, {@code --rm-pgp} …)
 */
public record RotateOptions(PgpPublicKeys pgpCertificates, MasterKeyGroup add, List<String> remove) {
  public RotateOptions {
    Objects.requireNonNull(pgpCertificates, "pgpCertificates");
    Objects.requireNonNull(add, "add");
    remove = List.copyOf(remove);
  }

  /** The same master keys; no PGP public keys (enough for files without PGP master keys). */
  public static RotateOptions defaults() {
    return new RotateOptions(PgpPublicKeys.concat(List.of()), new MasterKeyGroup(List.of(), List.of()), List.of());
  }

  /** These options with the public keys of the file's PGP master keys. */
  public RotateOptions withPgpCertificates(PgpPublicKeys certificates) {
    return new RotateOptions(certificates, add, remove);
  }
}
