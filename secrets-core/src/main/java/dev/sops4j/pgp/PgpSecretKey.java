package dev.sops4j.pgp;

import java.util.Arrays;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * One secret OpenPGP key (a primary key or a subkey) and where it came from. The secret part stays
 * locked until a message for this key is decrypted; {@link #toString()} names fingerprints and the
 * source only.
 */
public final class PgpSecretKey {
  private final PGPPublicKey publicKey;
  private final String primaryFingerprint;
  private final String source;
  private final SecretMaterial material;
  private final PgpPassphrase passphrase;
  private PGPPrivateKey unlocked;

  PgpSecretKey(PGPPublicKey publicKey, String primaryFingerprint, String source, SecretMaterial material,
      PgpPassphrase passphrase) {
    this.publicKey = publicKey;
    this.primaryFingerprint = primaryFingerprint;
    this.source = source;
    this.material = material;
    this.passphrase = passphrase;
  }

  /** This key's fingerprint, uppercase hex. */
  public String fingerprint() {
    return PgpFingerprints.of(publicKey);
  }

  /** The fingerprint of the primary key this key belongs to (equal to {@link #fingerprint()} for a primary). */
  public String primaryFingerprint() {
    return primaryFingerprint;
  }

  /** This key's id, 16 uppercase hex digits. */
  public String keyId() {
    return PgpFingerprints.keyId(publicKey.getKeyID());
  }

  /** Whether this key is a subkey. */
  public boolean isSubkey() {
    return !fingerprint().equals(primaryFingerprint);
  }

  /** Whether the key needs a passphrase. */
  public boolean isProtected() {
    return material.isProtected();
  }

  /** The file or label the key was read from. */
  public String source() {
    return source;
  }

  long rawKeyId() {
    return publicKey.getKeyID();
  }

  PGPPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The private key, asking for the passphrase when the key is protected. Kept once unlocked, so a
   * passphrase is asked for (and gpg-agent's slow key derivation run) once per key.
   */
  synchronized PGPPrivateKey unlock() throws PgpException {
    if (unlocked == null) {
      unlocked = unlockNow();
    }
    return unlocked;
  }

  private PGPPrivateKey unlockNow() throws PgpException {
    char[] pass = null;
    try {
      if (material.isProtected()) {
        pass = passphrase.forKey(primaryFingerprint);
        if (pass == null) {
          throw new PgpPassphraseException(fingerprint(), "PGP key " + describe()
              + " is passphrase-protected and no passphrase was given");
        }
      }
      return material.unlock(pass);
    } catch (SecretMaterial.WrongPassphrase e) {
      throw new PgpPassphraseException(fingerprint(), "wrong passphrase for PGP key " + describe());
    } finally {
      if (pass != null) {
        Arrays.fill(pass, '\0');
      }
    }
  }

  private String describe() {
    return fingerprint() + (isSubkey() ? " (subkey of " + primaryFingerprint + ")" : "") + " from " + source;
  }

  @Override
  public String toString() {
    return "PGP secret key " + describe() + (isProtected() ? ", protected" : "");
  }
}
