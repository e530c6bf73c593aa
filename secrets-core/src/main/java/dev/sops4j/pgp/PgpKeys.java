package dev.sops4j.pgp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * Loads OpenPGP keys: armored or binary secret keys (also legacy {@code secring.gpg} keyrings),
 * GnuPG 2.1+ homes ({@code pubring.kbx} + {@code private-keys-v1.d}), and public keys from armored or
 * binary key files, keyrings ({@code pubring.gpg}, {@code pubring.kbx}) and secret key files.
 * Every failure is a {@link PgpKeyException} naming the file.
 */
public final class PgpKeys {
  private PgpKeys() {}

  /** The secret keys in an armored or binary key file or a legacy {@code secring.gpg}. */
  public static PgpSecretKeys readSecretKeys(Path file, PgpPassphrase passphrase) throws PgpKeyException {
    return parseSecretKeys(KeyBlocks.read(file), file.toString(), passphrase);
  }

  /** The secret keys in {@code content}; {@code source} names it in messages. */
  public static PgpSecretKeys parseSecretKeys(byte[] content, String source, PgpPassphrase passphrase)
      throws PgpKeyException {
    KeyBlocks.Rings rings = KeyBlocks.parse(content, source);
    if (rings.secret().isEmpty()) {
      throw new PgpKeyException(source + ": holds only public keys, no secret key");
    }
    return secretKeys(rings, source, passphrase);
  }

  /**
   * The secret keys of a GnuPG home: agent key files in {@code private-keys-v1.d} matched by public value
   * to the keys of {@code pubring.kbx} (or {@code pubring.gpg}), and a legacy {@code secring.gpg}.
   * Agent files that cannot be used are listed in {@link PgpSecretKeys#skipped()}.
   */
  public static PgpSecretKeys readGnupgHome(Path home, PgpPassphrase passphrase) throws PgpKeyException {
    return GnupgHome.secretKeys(home, passphrase);
  }

  /**
   * The public keys in a file: armored or binary public or secret keys, a keyring
   * ({@code pubring.gpg}) or a keybox ({@code pubring.kbx}). A key present twice (as public and as
   * secret key) is listed once, public rings first.
   */
  public static PgpPublicKeys readPublicKeys(Path file) throws PgpKeyException {
    return parsePublicKeys(KeyBlocks.read(file), file.toString());
  }

  /** The public keys in {@code content} (see {@link #readPublicKeys(Path)}). */
  public static PgpPublicKeys parsePublicKeys(byte[] content, String source) throws PgpKeyException {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    if (GnupgHome.isKeybox(content)) {
      rings.addAll(GnupgHome.keyboxRings(content, source));
    } else {
      KeyBlocks.Rings parsed = KeyBlocks.parse(content, source);
      rings.addAll(parsed.pub());
      parsed.secret().forEach(s -> rings.add(s.toCertificate()));
    }
    List<PgpPublicKey> keys = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (PGPPublicKeyRing ring : rings) {
      if (seen.add(PgpFingerprints.of(ring.getPublicKey()))) {
        keys.add(new PgpPublicKey(ring, source));
      }
    }
    return new PgpPublicKeys(keys, List.of(source));
  }

  /** The public keys of a GnuPG home ({@code pubring.kbx}, else {@code pubring.gpg}, and {@code secring.gpg}). */
  public static PgpPublicKeys readGnupgHomePublicKeys(Path home) throws PgpKeyException {
    return GnupgHome.publicKeys(home);
  }

  static PgpSecretKeys secretKeys(KeyBlocks.Rings rings, String source, PgpPassphrase passphrase) {
    List<PgpSecretKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (PGPSecretKeyRing ring : rings.secret()) {
      String primary = PgpFingerprints.of(ring.getPublicKey());
      for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
        PGPSecretKey key = it.next();
        String fp = PgpFingerprints.of(key.getPublicKey());
        if (key.isPrivateKeyEmpty()) {
          skipped.add(source + ": key " + fp + " has no secret part (a stub: offline or on a smartcard)");
          continue;
        }
        keys.add(new PgpSecretKey(key.getPublicKey(), primary, source, new PacketSecretKey(key, source), passphrase));
      }
    }
    return new PgpSecretKeys(keys, skipped);
  }
}
