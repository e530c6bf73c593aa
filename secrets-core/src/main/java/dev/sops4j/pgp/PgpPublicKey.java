package dev.sops4j.pgp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * One OpenPGP certificate (a primary public key with its user ids and subkeys) and where it came
 * from. {@link Pgp#encrypt} encrypts to the key {@link EncryptionKeySelector} picks.
 */
public final class PgpPublicKey {
  private final PGPPublicKeyRing ring;
  private final String source;

  PgpPublicKey(PGPPublicKeyRing ring, String source) {
    this.ring = ring;
    this.source = source;
  }

  /** The primary key's fingerprint, uppercase hex (what sops stores in {@code fp}). */
  public String fingerprint() {
    return PgpFingerprints.of(ring.getPublicKey());
  }

  /** The fingerprints of the primary key and every subkey. */
  public List<String> allFingerprints() {
    List<String> out = new ArrayList<>();
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      out.add(PgpFingerprints.of(it.next()));
    }
    return out;
  }

  /** The user ids (for example {@code Name <mail>}). */
  public List<String> userIds() {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = ring.getPublicKey().getUserIDs(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  /** The file or label the key was read from. */
  public String source() {
    return source;
  }

  /** The fingerprint of the key messages are encrypted to: the newest valid encryption subkey. */
  public String encryptionKeyFingerprint() throws PgpKeyException {
    return PgpFingerprints.of(EncryptionKeySelector.select(ring, source));
  }

  PGPPublicKeyRing ring() {
    return ring;
  }

  boolean contains(String normalized) {
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      if (PgpFingerprints.matches(it.next(), normalized)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    List<String> uids = userIds();
    return "PGP public key " + fingerprint() + (uids.isEmpty() ? "" : " " + uids.get(0)) + " from " + source;
  }
}
