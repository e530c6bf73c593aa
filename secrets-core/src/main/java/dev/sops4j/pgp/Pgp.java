package dev.sops4j.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * The OpenPGP operations of a sops {@code pgp} master key: decrypt the {@code enc} message holding
 * the data key, and encrypt a data key to a public key the way sops (and gpg) write it.
 */
public final class Pgp {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pgp() {}

  /** {@link #decrypt(String, PgpSecretKeys, String)} with the label {@code "PGP message"}. */
  public static byte[] decrypt(String armoredMessage, PgpSecretKeys keys) throws PgpException {
    return decrypt(armoredMessage, keys, "PGP message");
  }

  /**
   * Decrypts an ASCII-armored, public-key encrypted OpenPGP message with the secret key a session key
   * packet names (by key id; a hidden recipient tries every key). The data must be integrity protected
   * (SEIPD with MDC, or AEAD) and the MDC must verify; compressed and literal data are unwrapped.
   *
   * @param label names the message in error messages (for example the sops file and {@code fp})
   * @throws PgpNoMatchingKeyException when no key we hold is a recipient (lists both sides)
   * @throws PgpPassphraseException when the matching key is protected and the passphrase is missing or wrong
   * @throws PgpMessageException when the message is malformed, not integrity protected or modified
   */
  public static byte[] decrypt(String armoredMessage, PgpSecretKeys keys, String label) throws PgpException {
    return MessageDecryptor.decrypt(armoredMessage, keys, label);
  }

  /**
   * {@link #encrypt(byte[], PgpPublicKey)} to the certificate with this fingerprint (as sops stores it
   * in {@code fp}; spaces and case ignored) or key id among {@code keys}.
   *
   * @throws PgpKeyException when no certificate has that fingerprint, or it cannot encrypt
   */
  public static String encrypt(byte[] data, PgpPublicKeys keys, String fingerprint) throws PgpException {
    return encrypt(data, keys.require(fingerprint));
  }

  /**
   * Encrypts {@code data} to the encryption key of {@code key} (its newest valid encryption subkey)
   * as an ASCII-armored message: AES-256, integrity protected (SEIPD v1 with MDC), uncompressed binary
   * literal data, no armor headers, no trailing newline (as sops stores {@code enc}).
   *
   * @throws PgpKeyException when the key has no usable encryption key (revoked, expired, no subkey)
   */
  public static String encrypt(byte[] data, PgpPublicKey key) throws PgpException {
    PGPPublicKey target = EncryptionKeySelector.select(key.ring(), key.source());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(buffer);
      PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
          new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
              .setWithIntegrityPacket(true)
              .setSecureRandom(RANDOM));
      generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(target).setSecureRandom(RANDOM));
      try (OutputStream encrypted = generator.open(armor, new byte[1 << 12])) {
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        try (OutputStream out = literal.open(encrypted, PGPLiteralData.BINARY, "", data.length, new Date(0))) {
          out.write(data);
        }
      }
      armor.close();
    } catch (PGPException | IOException | RuntimeException e) {
      throw new PgpKeyException("cannot encrypt to PGP key " + key.fingerprint() + " from " + key.source()
          + " (" + e.getClass().getSimpleName() + ")");
    }
    return buffer.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").strip();
  }
}
