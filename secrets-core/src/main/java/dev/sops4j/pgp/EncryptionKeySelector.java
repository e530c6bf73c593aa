package dev.sops4j.pgp;

import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Picks the key of a certificate that messages are encrypted to, as gpg does: among the subkeys with a
 * verified binding signature, not revoked, not expired and flagged for encryption (or, without key
 * flags, of an encryption algorithm), the newest; else the primary key when it may encrypt.
 */
final class EncryptionKeySelector {
  private static final int ENCRYPT = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;

  private EncryptionKeySelector() {}

  static PGPPublicKey select(PGPPublicKeyRing ring, String source) throws PgpKeyException {
    PGPPublicKey primary = ring.getPublicKey();
    String fp = PgpFingerprints.of(primary);
    Date now = new Date();
    if (revoked(primary, primary, PGPSignature.KEY_REVOCATION)) {
      throw new PgpKeyException("PGP key " + fp + " from " + source + " is revoked");
    }
    if (expired(primary, primary.getValidSeconds(), now)) {
      throw new PgpKeyException("PGP key " + fp + " from " + source + " has expired");
    }
    PGPPublicKey best = null;
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey sub = it.next();
      if (sub.isMasterKey()) {
        continue;
      }
      PGPSignature binding = newestValid(sub.getSignaturesOfType(PGPSignature.SUBKEY_BINDING), primary, sub);
      if (binding == null || revoked(primary, sub, PGPSignature.SUBKEY_REVOCATION)
          || !canEncrypt(sub, binding.getHashedSubPackets())
          || expired(sub, binding.getHashedSubPackets().getKeyExpirationTime(), now)) {
        continue;
      }
      if (best == null || !sub.getCreationTime().before(best.getCreationTime())) {
        best = sub;
      }
    }
    if (best != null) {
      return best;
    }
    if (canEncrypt(primary, primaryFlags(primary))) {
      return primary;
    }
    throw new PgpKeyException("PGP key " + fp + " from " + source
        + " has no valid encryption subkey and its primary key may not encrypt");
  }

  private static boolean canEncrypt(PGPPublicKey key, PGPSignatureSubpacketVector flagsFrom) {
    if (!key.isEncryptionKey()) {
      return false;
    }
    int flags = flagsFrom == null ? 0 : flagsFrom.getKeyFlags();
    boolean hasFlags = flagsFrom != null && flagsFrom.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS);
    return !hasFlags || (flags & ENCRYPT) != 0;
  }

  private static boolean expired(PGPPublicKey key, long validSeconds, Date now) {
    return validSeconds > 0 && key.getCreationTime().getTime() + validSeconds * 1000L < now.getTime();
  }

  private static PGPSignature newestValid(Iterator<PGPSignature> sigs, PGPPublicKey primary, PGPPublicKey sub) {
    PGPSignature newest = null;
    while (sigs.hasNext()) {
      PGPSignature sig = sigs.next();
      if (verifies(sig, primary, sub) && (newest == null || sig.getCreationTime().after(newest.getCreationTime()))) {
        newest = sig;
      }
    }
    return newest;
  }

  private static boolean revoked(PGPPublicKey primary, PGPPublicKey key, int type) {
    for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
      if (verifies(it.next(), primary, key)) {
        return true;
      }
    }
    return false;
  }

  /** Key flags of the newest verified self-signature on a user id or the key itself. */
  private static PGPSignatureSubpacketVector primaryFlags(PGPPublicKey primary) {
    PGPSignature newest = null;
    for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext(); ) {
      String id = ids.next();
      for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it.hasNext(); ) {
        PGPSignature sig = it.next();
        if (sig.getKeyID() == primary.getKeyID() && verifiesUserId(sig, id, primary)
            && (newest == null || sig.getCreationTime().after(newest.getCreationTime()))) {
          newest = sig;
        }
      }
    }
    PGPSignature direct = newestValid(primary.getSignaturesOfType(PGPSignature.DIRECT_KEY), primary, primary);
    if (direct != null && (newest == null || direct.getCreationTime().after(newest.getCreationTime()))) {
      newest = direct;
    }
    return newest == null ? null : newest.getHashedSubPackets();
  }

  private static boolean verifies(PGPSignature sig, PGPPublicKey primary, PGPPublicKey key) {
    try {
      sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
      return key == primary ? sig.verifyCertification(primary) : sig.verifyCertification(primary, key);
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }

  private static boolean verifiesUserId(PGPSignature sig, String id, PGPPublicKey primary) {
    try {
      sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
      return sig.verifyCertification(id, primary);
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }
}
