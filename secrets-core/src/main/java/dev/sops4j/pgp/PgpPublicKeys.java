package dev.sops4j.pgp;

import java.util.ArrayList;
import java.util.List;

/** An immutable list of OpenPGP certificates, looked up by fingerprint or key id. */
public final class PgpPublicKeys {
  private final List<PgpPublicKey> keys;
  private final List<String> sources;

  PgpPublicKeys(List<PgpPublicKey> keys, List<String> sources) {
    this.keys = List.copyOf(keys);
    this.sources = List.copyOf(sources);
  }

  /** Every key of every list, in order. */
  public static PgpPublicKeys concat(List<PgpPublicKeys> lists) {
    List<PgpPublicKey> keys = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (PgpPublicKeys l : lists) {
      keys.addAll(l.keys);
      sources.addAll(l.sources);
    }
    return new PgpPublicKeys(keys, sources);
  }

  /** This list followed by {@code other}. */
  public PgpPublicKeys plus(PgpPublicKeys other) {
    return concat(List.of(this, other));
  }

  /** The certificates, in the order they were read. */
  public List<PgpPublicKey> keys() {
    return keys;
  }

  /** The primary fingerprints, in order. */
  public List<String> fingerprints() {
    List<String> out = new ArrayList<>();
    for (PgpPublicKey k : keys) {
      out.add(k.fingerprint());
    }
    return out;
  }

  /**
   * The certificate whose primary key or a subkey has this fingerprint or key id (spaces and case
   * ignored, as sops does).
   *
   * @throws PgpKeyException naming the fingerprint and the sources read when there is none
   * @throws IllegalArgumentException when {@code fingerprintOrKeyId} is not hex of a valid length
   */
  public PgpPublicKey require(String fingerprintOrKeyId) throws PgpKeyException {
    String wanted = PgpFingerprints.normalize(fingerprintOrKeyId);
    for (PgpPublicKey k : keys) {
      if (k.fingerprint().equals(wanted)) {
        return k;
      }
    }
    for (PgpPublicKey k : keys) {
      if (k.contains(wanted)) {
        return k;
      }
    }
    throw new PgpKeyException("no PGP public key " + wanted + " in " + (sources.isEmpty() ? "(no source)"
        : String.join(", ", sources)) + " (keys there: " + fingerprints() + ")");
  }

  @Override
  public String toString() {
    return keys.size() + " PGP public key" + (keys.size() == 1 ? "" : "s") + " " + fingerprints();
  }
}
