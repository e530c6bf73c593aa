/**
 * OpenPGP master keys of sops files, on BouncyCastle: secret keys from armored or binary key files,
 * legacy keyrings and GnuPG 2.1+ homes ({@link dev.sops4j.pgp.PgpKeys}), decryption of a sops
 * {@code pgp} entry's {@code enc} and encryption of a data key to a public key
 * ({@link dev.sops4j.pgp.Pgp}). Failures are {@link dev.sops4j.pgp.PgpException}s naming files, key ids
 * and fingerprints, never key material, passphrases or plaintext. Finding keys in the environment is
 * {@link dev.sops4j.keys.PgpKeySources}' job.
 */
package dev.sops4j.pgp;
