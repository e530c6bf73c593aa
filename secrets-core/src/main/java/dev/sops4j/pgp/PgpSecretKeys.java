package dev.sops4j.pgp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable set of secret OpenPGP keys with notes about keys that were found but cannot be used
 * (smartcard stubs, agent files without a public key). Lookup is by key id, as messages name them.
 */
public final class PgpSecretKeys {
  private static final PgpSecretKeys EMPTY = new PgpSecretKeys(List.of(), List.of());

  private final List<PgpSecretKey> keys;
  private final List<String> skipped;

  PgpSecretKeys(List<PgpSecretKey> keys, List<String> skipped) {
    this.keys = List.copyOf(keys);
    this.skipped = List.copyOf(skipped);
  }

  /** No keys. */
  public static PgpSecretKeys empty() {
    return EMPTY;
  }

  /** Every key of every set, in order. */
  public static PgpSecretKeys concat(List<PgpSecretKeys> sets) {
    List<PgpSecretKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (PgpSecretKeys set : sets) {
      keys.addAll(set.keys);
      skipped.addAll(set.skipped);
    }
    return new PgpSecretKeys(keys, skipped);
  }

  /** This set followed by {@code other}. */
  public PgpSecretKeys plus(PgpSecretKeys other) {
    return concat(List.of(this, other));
  }

  /** The keys (primary keys and subkeys), in the order they were read. */
  public List<PgpSecretKey> keys() {
    return keys;
  }

  /** Whether there is no key. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Keys found but not usable, with the reason (never key material). */
  public List<String> skipped() {
    return skipped;
  }

  /** The distinct fingerprints of all keys (primaries and subkeys), in order. */
  public List<String> fingerprints() {
    Set<String> out = new LinkedHashSet<>();
    for (PgpSecretKey k : keys) {
      out.add(k.fingerprint());
    }
    return List.copyOf(out);
  }

  /** The distinct primary fingerprints, in order (what sops stores in {@code fp}). */
  public List<String> primaryFingerprints() {
    Set<String> out = new LinkedHashSet<>();
    for (PgpSecretKey k : keys) {
      out.add(k.primaryFingerprint());
    }
    return List.copyOf(out);
  }

  /** The keys with the given key id (normally one; duplicates when read from two sources). */
  public List<PgpSecretKey> byKeyId(long keyId) {
    List<PgpSecretKey> out = new ArrayList<>();
    for (PgpSecretKey k : keys) {
      if (k.rawKeyId() == keyId) {
        out.add(k);
      }
    }
    return out;
  }

  /** The keys whose fingerprint, primary fingerprint or key id is {@code fingerprintOrKeyId}. */
  public List<PgpSecretKey> find(String fingerprintOrKeyId) {
    String wanted = PgpFingerprints.normalize(fingerprintOrKeyId);
    List<PgpSecretKey> out = new ArrayList<>();
    for (PgpSecretKey k : keys) {
      if (PgpFingerprints.matches(k.publicKey(), wanted) || k.primaryFingerprint().equals(wanted)) {
        out.add(k);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return keys.size() + " PGP secret key" + (keys.size() == 1 ? "" : "s") + " " + primaryFingerprints()
        + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped");
  }
}
