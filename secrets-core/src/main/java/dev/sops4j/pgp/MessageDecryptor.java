package dev.sops4j.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * Decrypts a public-key encrypted OpenPGP message: finds our key by the key id in a session key
 * packet, unlocks it, opens the integrity-protected data (SEIPD with MDC, or AEAD), unwraps
 * compressed and literal data and only then checks the MDC.
 */
final class MessageDecryptor {
  static final int PLAINTEXT_LIMIT = 64 << 20;
  private static final String ARMOR_BEGIN = "-----BEGIN PGP MESSAGE-----";

  private MessageDecryptor() {}

  static byte[] decrypt(String armoredMessage, PgpSecretKeys keys, String label) throws PgpException {
    PGPEncryptedDataList list = encryptedData(dearmor(armoredMessage, label), label);
    List<String> recipients = new ArrayList<>();
    List<PgpException> failures = new ArrayList<>();
    for (PGPEncryptedData data : list) {
      if (!(data instanceof PGPPublicKeyEncryptedData pked)) {
        continue;
      }
      recipients.add(PgpFingerprints.keyId(pked.getKeyID()));
      List<PgpSecretKey> candidates = pked.getKeyID() == 0 ? keys.keys() : keys.byKeyId(pked.getKeyID());
      for (PgpSecretKey key : candidates) {
        try {
          return open(pked, key, label);
        } catch (PgpException e) {
          // another session key packet may still be for a key we hold; report the first failure
          failures.add(e);
        }
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    if (recipients.isEmpty()) {
      throw new PgpMessageException(label + ": the message is not encrypted to a public key"
          + " (passphrase-encrypted messages are not supported)");
    }
    throw new PgpNoMatchingKeyException(label + ": no PGP secret key for this message; it is encrypted to key id"
        + (recipients.size() == 1 ? " " : "s ") + String.join(", ", recipients) + "; keys held: "
        + (keys.isEmpty() ? "none" : String.join(", ", keys.fingerprints())), recipients, keys.fingerprints());
  }

  private static byte[] open(PGPPublicKeyEncryptedData pked, PgpSecretKey key, String label) throws PgpException {
    if (!pked.isIntegrityProtected()) {
      throw new PgpMessageException(label + ": the message is not integrity protected (no MDC); refused");
    }
    PGPPrivateKey priv = key.unlock();
    InputStream clear;
    try {
      clear = pked.getDataStream(new BcPublicKeyDataDecryptorFactory(priv));
    } catch (PGPException | RuntimeException e) {
      throw new PgpMessageException(label + ": the session key for key " + key.fingerprint()
          + " does not decrypt (" + e.getClass().getSimpleName() + ")");
    }
    byte[] plaintext;
    try {
      plaintext = literalData(clear, label);
      clear.transferTo(java.io.OutputStream.nullOutputStream());
      if (!pked.verify()) {
        throw new PgpMessageException(label + ": integrity check (MDC) failed: the message was modified");
      }
    } catch (PgpMessageException e) {
      throw e;
    } catch (PGPException | IOException | RuntimeException e) {
      throw new PgpMessageException(label + ": the encrypted data is damaged or was modified ("
          + e.getClass().getSimpleName() + ")");
    }
    return plaintext;
  }

  private static byte[] literalData(InputStream in, String label) throws IOException, PGPException {
    BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
    Object o;
    while ((o = factory.nextObject()) != null) {
      if (o instanceof PGPCompressedData compressed) {
        factory = new BcPGPObjectFactory(compressed.getDataStream());
      } else if (o instanceof PGPLiteralData literal) {
        InputStream data = literal.getInputStream();
        byte[] out = data.readNBytes(PLAINTEXT_LIMIT + 1);
        if (out.length > PLAINTEXT_LIMIT) {
          throw new PgpMessageException(label + ": the plaintext is larger than " + (PLAINTEXT_LIMIT >> 20) + " MiB");
        }
        while (factory.nextObject() != null) {
          // trailing signatures of a signed message: not checked, sops does not sign
        }
        return out;
      } else if (!(o instanceof PGPOnePassSignatureList || o instanceof PGPSignatureList || o instanceof PGPMarker)) {
        throw new PgpMessageException(label + ": unexpected " + o.getClass().getSimpleName() + " inside the message");
      }
    }
    throw new PgpMessageException(label + ": the message holds no literal data");
  }

  private static byte[] dearmor(String armored, String label) throws PgpMessageException {
    String text = armored.strip();
    if (!text.startsWith(ARMOR_BEGIN)) {
      throw new PgpMessageException(label + ": not an ASCII-armored OpenPGP message (expected "
          + ARMOR_BEGIN + ")");
    }
    try (ArmoredInputStream in = new ArmoredInputStream(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      byte[] packets = in.readAllBytes();
      if (packets.length == 0) {
        throw new PgpMessageException(label + ": the armored message is empty");
      }
      return packets;
    } catch (PgpMessageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new PgpMessageException(label + ": broken ASCII armor (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static PGPEncryptedDataList encryptedData(byte[] packets, String label) throws PgpMessageException {
    BcPGPObjectFactory factory = new BcPGPObjectFactory(packets);
    try {
      Object o;
      while ((o = factory.nextObject()) != null) {
        if (o instanceof PGPEncryptedDataList list) {
          return list;
        }
        if (!(o instanceof PGPMarker)) {
          throw new PgpMessageException(label + ": not an encrypted message (found "
              + o.getClass().getSimpleName() + ")");
        }
      }
    } catch (PgpMessageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new PgpMessageException(label + ": malformed OpenPGP packets (" + e.getClass().getSimpleName() + ")");
    }
    throw new PgpMessageException(label + ": no encrypted data in the message");
  }
}
