package dev.sops4j.pgp;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.gpg.SExpression;
import org.bouncycastle.gpg.keybox.KeyBlob;
import org.bouncycastle.gpg.keybox.PublicKeyRingBlob;
import org.bouncycastle.gpg.keybox.bc.BcKeyBox;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * A GnuPG home directory: the keybox {@code pubring.kbx} (GnuPG 2.1+) or the legacy keyring
 * {@code pubring.gpg} for public keys; secret keys in {@code private-keys-v1.d/*.key} (the agent's
 * S-expression files, matched to public keys by public value) or the legacy {@code secring.gpg}.
 */
final class GnupgHome {
  static final String KEYBOX = "pubring.kbx";
  static final String PUBRING = "pubring.gpg";
  static final String SECRING = "secring.gpg";
  static final String PRIVATE_KEYS = "private-keys-v1.d";

  private GnupgHome() {}

  /** Whether {@code content} is a GnuPG keybox (magic {@code KBXf} in the first blob). */
  static boolean isKeybox(byte[] content) {
    return content.length >= 12 && content[4] == 1
        && new String(content, 8, 4, StandardCharsets.ISO_8859_1).equals("KBXf");
  }

  /** The OpenPGP certificates of a keybox. */
  static List<PGPPublicKeyRing> keyboxRings(byte[] content, String source) throws PgpKeyException {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    try {
      for (KeyBlob blob : new BcKeyBox(content).getKeyBlobs()) {
        if (blob instanceof PublicKeyRingBlob pgp) {
          rings.add(pgp.getPGPPublicKeyRing());
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new PgpKeyException(source + ": not a valid GnuPG keybox (" + e.getClass().getSimpleName() + ")");
    }
    return rings;
  }

  /** The public keys of the home: its keybox, else its legacy public keyring. */
  static PgpPublicKeys publicKeys(Path home) throws PgpKeyException {
    requireDirectory(home);
    List<PgpPublicKey> keys = new ArrayList<>();
    Path source = publicRingFile(home);
    if (source != null) {
      for (PGPPublicKeyRing ring : publicRings(source)) {
        keys.add(new PgpPublicKey(ring, source.toString()));
      }
    }
    Path secring = home.resolve(SECRING);
    if (Files.isRegularFile(secring)) {
      for (var ring : KeyBlocks.parse(KeyBlocks.read(secring), secring.toString()).secret()) {
        keys.add(new PgpPublicKey(ring.toCertificate(), secring.toString()));
      }
    }
    List<String> sources = source == null ? List.of(home.toString()) : List.of(source.toString());
    return new PgpPublicKeys(keys, sources);
  }

  /** The secret keys of the home: legacy {@code secring.gpg}, then agent key files matched by public value. */
  static PgpSecretKeys secretKeys(Path home, PgpPassphrase passphrase) throws PgpKeyException {
    requireDirectory(home);
    List<PgpSecretKeys> parts = new ArrayList<>();
    Path secring = home.resolve(SECRING);
    if (Files.isRegularFile(secring)) {
      parts.add(PgpKeys.secretKeys(KeyBlocks.parse(KeyBlocks.read(secring), secring.toString()),
          secring.toString(), passphrase));
    }
    Set<String> known = new HashSet<>(PgpSecretKeys.concat(parts).fingerprints());
    Path pubSource = publicRingFile(home);
    Path dir = home.resolve(PRIVATE_KEYS);
    List<PgpSecretKey> keys = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      Map<BigInteger, PGPPublicKey> byValue = new HashMap<>();
      Map<BigInteger, String> primaries = new HashMap<>();
      if (pubSource != null) {
        for (PGPPublicKeyRing ring : publicRings(pubSource)) {
          for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
            PGPPublicKey key = it.next();
            BigInteger value = AgentKeyFile.publicValue(key);
            if (value != null) {
              byValue.putIfAbsent(value, key);
              primaries.putIfAbsent(value, PgpFingerprints.of(ring.getPublicKey()));
            }
          }
        }
      }
      for (Path file : keyFiles(dir)) {
        byte[] content;
        SExpression expression;
        try {
          content = KeyBlocks.read(file);
          expression = AgentKeyFile.parse(content, file.toString());
        } catch (PgpKeyException e) {
          skipped.add(e.getMessage());
          continue;
        }
        BigInteger value = AgentKeyFile.publicValue(expression);
        PGPPublicKey key = value == null ? null : byValue.get(value);
        if (key == null) {
          skipped.add(file + ": no public key for this agent key in "
              + (pubSource == null ? "the home (no " + KEYBOX + " or " + PUBRING + ")" : pubSource.toString())
              + ", not usable");
        } else if (AgentKeyFile.isShadowed(expression)) {
          skipped.add(file + ": key " + PgpFingerprints.of(key) + " is on a smartcard or token (shadowed),"
              + " not usable here");
        } else if (known.add(PgpFingerprints.of(key))) {
          keys.add(new PgpSecretKey(key, primaries.get(value), file.toString(),
              new AgentKeyFile(content, key, file.toString()), passphrase));
        }
      }
    }
    parts.add(new PgpSecretKeys(keys, skipped));
    return PgpSecretKeys.concat(parts);
  }

  private static Path publicRingFile(Path home) {
    Path kbx = home.resolve(KEYBOX);
    if (Files.isRegularFile(kbx)) {
      return kbx;
    }
    Path gpg = home.resolve(PUBRING);
    return Files.isRegularFile(gpg) ? gpg : null;
  }

  private static List<PGPPublicKeyRing> publicRings(Path file) throws PgpKeyException {
    byte[] content = KeyBlocks.read(file);
    if (content.length == 0) {
      return List.of();
    }
    if (isKeybox(content)) {
      return keyboxRings(content, file.toString());
    }
    KeyBlocks.Rings rings = KeyBlocks.parse(content, file.toString());
    List<PGPPublicKeyRing> out = new ArrayList<>(rings.pub());
    rings.secret().forEach(s -> out.add(s.toCertificate()));
    return out;
  }

  private static List<Path> keyFiles(Path dir) throws PgpKeyException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
      files.forEach(out::add);
    } catch (IOException e) {
      throw new PgpKeyException(dir + ": cannot list the directory (" + e.getClass().getSimpleName() + ")");
    }
    out.sort(null);
    return out;
  }

  private static void requireDirectory(Path home) throws PgpKeyException {
    if (!Files.isDirectory(home)) {
      throw new PgpKeyException(home + ": GnuPG home directory not found");
    }
  }
}
