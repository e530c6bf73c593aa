package dev.sops4j.ssh;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Passphrase-protected PEM private keys: the legacy OpenSSL form ({@code RSA PRIVATE KEY} with
 * {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info}, key from {@code EVP_BytesToKey} with MD5, one
 * round, the first 8 IV bytes as salt), as {@code ssh-keygen -m PEM} and {@code openssl rsa -aes128}
 * write it, and PKCS#8 {@code ENCRYPTED PRIVATE KEY} with PBES2 (PBKDF2-HMAC-SHA1/SHA-2, AES-CBC or
 * DES-EDE3-CBC), as {@code openssl pkcs8 -topk8 -v2 aes256} and {@code openssl genpkey -aes256} write
 * it. A padding or structure failure after decryption is reported as a wrong passphrase.
 */
final class EncryptedPemKeys {
  static final String PKCS8_LABEL = "ENCRYPTED PRIVATE KEY";
  private static final String FORMAT = "PEM";
  /** More PBKDF2 rounds than anyone uses: refused rather than spinning for minutes. */
  private static final int MAX_ITERATIONS = 10_000_000;

  /** A CBC cipher: JCE transformation, key length, IV (= block) length. */
  private record CbcCipher(String transformation, String keyAlgorithm, int keyLength, int ivLength) {}

  private static final Map<String, CbcCipher> LEGACY = Map.of(
      "AES-128-CBC", new CbcCipher("AES/CBC/PKCS5Padding", "AES", 16, 16),
      "AES-192-CBC", new CbcCipher("AES/CBC/PKCS5Padding", "AES", 24, 16),
      "AES-256-CBC", new CbcCipher("AES/CBC/PKCS5Padding", "AES", 32, 16),
      "DES-EDE3-CBC", new CbcCipher("DESede/CBC/PKCS5Padding", "DESede", 24, 8));

  private static final Map<ASN1ObjectIdentifier, CbcCipher> PBES2_CIPHERS = Map.of(
      NISTObjectIdentifiers.id_aes128_CBC, LEGACY.get("AES-128-CBC"),
      NISTObjectIdentifiers.id_aes192_CBC, LEGACY.get("AES-192-CBC"),
      NISTObjectIdentifiers.id_aes256_CBC, LEGACY.get("AES-256-CBC"),
      PKCSObjectIdentifiers.des_EDE3_CBC, LEGACY.get("DES-EDE3-CBC"));

  private static final Map<ASN1ObjectIdentifier, Supplier<Digest>> PRFS = Map.of(
      PKCSObjectIdentifiers.id_hmacWithSHA1, SHA1Digest::new,
      PKCSObjectIdentifiers.id_hmacWithSHA224, SHA224Digest::new,
      PKCSObjectIdentifiers.id_hmacWithSHA256, SHA256Digest::new,
      PKCSObjectIdentifiers.id_hmacWithSHA384, SHA384Digest::new,
      PKCSObjectIdentifiers.id_hmacWithSHA512, SHA512Digest::new);

  private EncryptedPemKeys() {}

  /** Whether the block carries the legacy {@code Proc-Type: 4,ENCRYPTED} header. */
  static boolean isLegacyEncrypted(PemBlock pem) {
    return pem.headers().stream().anyMatch(h -> h.replace(" ", "").equalsIgnoreCase("Proc-Type:4,ENCRYPTED"));
  }

  /** An OpenSSL-encrypted PKCS#1 RSA key ({@code DEK-Info: AES-128-CBC,<hex IV>} and the like). */
  static SshPrivateKey legacyRsa(PemBlock pem, String source, Supplier<char[]> passphrase) throws SshKeyException {
    String dekInfo = header(pem, "DEK-Info", source);
    int comma = dekInfo.indexOf(',');
    if (comma < 0) {
      throw new SshKeyException(source + ": malformed DEK-Info header (want '<cipher>,<hex IV>')");
    }
    String name = dekInfo.substring(0, comma).strip().toUpperCase(Locale.ROOT);
    CbcCipher cipher = LEGACY.get(name);
    if (cipher == null) {
      throw new SshKeyException(source + ": unsupported PEM encryption '" + PublicKeyBlobs.printable(name)
          + "' (supported: AES-128-CBC, AES-192-CBC, AES-256-CBC, DES-EDE3-CBC)");
    }
    byte[] iv;
    try {
      iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
    } catch (IllegalArgumentException e) {
      throw new SshKeyException(source + ": the IV in the DEK-Info header is not hex");
    }
    if (iv.length != cipher.ivLength()) {
      throw new SshKeyException(source + ": the DEK-Info IV has " + iv.length + " bytes, " + name + " needs "
          + cipher.ivLength());
    }
    checkBlocks(pem.der(), cipher, source);
    byte[] pass = passphraseBytes(passphrase, source);
    byte[] key = evpBytesToKey(pass, Arrays.copyOf(iv, 8), cipher.keyLength());
    Arrays.fill(pass, (byte) 0);
    byte[] plain = decrypt(cipher, key, iv, pem.der(), source);
    try {
      try {
        RSAPrivateKey.getInstance(plain);
      } catch (RuntimeException e) {
        throw SshPassphraseException.wrong(source, null);
      }
      return PemPrivateKeys.pkcs1(plain, source);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** A PKCS#8 {@code ENCRYPTED PRIVATE KEY} (PBES2 with PBKDF2). */
  static SshPrivateKey pkcs8(byte[] der, String source, Supplier<char[]> passphrase) throws SshKeyException {
    Pbes2 scheme = pbes2(der, source);
    checkBlocks(scheme.encrypted(), scheme.cipher(), source);
    byte[] pass = passphraseBytes(passphrase, source);
    PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(scheme.prf().get());
    generator.init(pass, scheme.salt(), scheme.iterations());
    byte[] key = ((KeyParameter) generator.generateDerivedParameters(scheme.cipher().keyLength() * 8)).getKey();
    Arrays.fill(pass, (byte) 0);
    byte[] plain = decrypt(scheme.cipher(), key, scheme.iv(), scheme.encrypted(), source);
    try {
      try {
        PrivateKeyInfo.getInstance(plain).parsePrivateKey();
      } catch (RuntimeException | java.io.IOException e) {
        throw SshPassphraseException.wrong(source, null);
      }
      return PemPrivateKeys.pkcs8(plain, source);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The parameters of a PBES2 EncryptedPrivateKeyInfo. */
  private record Pbes2(Supplier<Digest> prf, byte[] salt, int iterations, CbcCipher cipher, byte[] iv,
      byte[] encrypted) {}

  private static Pbes2 pbes2(byte[] der, String source) throws SshKeyException {
    EncryptedPrivateKeyInfo info;
    PBES2Parameters params;
    try {
      info = EncryptedPrivateKeyInfo.getInstance(der);
      ASN1ObjectIdentifier scheme = info.getEncryptionAlgorithm().getAlgorithm();
      if (!scheme.equals(PKCSObjectIdentifiers.id_PBES2)) {
        throw new SshKeyException(source + ": unsupported PKCS#8 encryption scheme " + scheme.getId()
            + " (supported: PBES2)");
      }
      params = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
    } catch (RuntimeException e) {
      throw new SshKeyException(source + ": malformed encrypted PKCS#8 private key");
    }
    try {
      KeyDerivationFunc kdf = params.getKeyDerivationFunc();
      if (!kdf.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBKDF2)) {
        throw new SshKeyException(source + ": unsupported PKCS#8 key derivation " + kdf.getAlgorithm().getId()
            + " (supported: PBKDF2)");
      }
      PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
      Supplier<Digest> prf = PRFS.get(pbkdf2.getPrf().getAlgorithm());
      if (prf == null) {
        throw new SshKeyException(source + ": unsupported PBKDF2 hash " + pbkdf2.getPrf().getAlgorithm().getId()
            + " (supported: HMAC-SHA1, HMAC-SHA224/256/384/512)");
      }
      EncryptionScheme encryption = params.getEncryptionScheme();
      CbcCipher cipher = PBES2_CIPHERS.get(encryption.getAlgorithm());
      if (cipher == null) {
        throw new SshKeyException(source + ": unsupported PKCS#8 cipher " + encryption.getAlgorithm().getId()
            + " (supported: AES-128/192/256-CBC, DES-EDE3-CBC)");
      }
      BigInteger keyLength = pbkdf2.getKeyLength();
      if (keyLength != null && !keyLength.equals(BigInteger.valueOf(cipher.keyLength()))) {
        throw new SshKeyException(source + ": PBKDF2 key length " + keyLength + " does not fit the cipher");
      }
      BigInteger iterations = pbkdf2.getIterationCount();
      if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
        throw new SshKeyException(source + ": PBKDF2 iteration count " + iterations + " is out of range (1 to "
            + MAX_ITERATIONS + ")");
      }
      byte[] iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
      if (iv.length != cipher.ivLength()) {
        throw new SshKeyException(source + ": the PKCS#8 cipher IV has " + iv.length + " bytes, want "
            + cipher.ivLength());
      }
      return new Pbes2(prf, pbkdf2.getSalt(), iterations.intValue(), cipher, iv, info.getEncryptedData());
    } catch (RuntimeException e) {
      throw new SshKeyException(source + ": malformed PBES2 parameters in the encrypted PKCS#8 private key");
    }
  }

  private static String header(PemBlock pem, String name, String source) throws SshKeyException {
    for (String h : pem.headers()) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return h.substring(colon + 1).strip();
      }
    }
    throw new SshKeyException(source + ": encrypted PEM key without a " + name + " header");
  }

  private static void checkBlocks(byte[] encrypted, CbcCipher cipher, String source) throws SshKeyException {
    if (encrypted.length == 0 || encrypted.length % cipher.ivLength() != 0) {
      throw new SshKeyException(source + ": the encrypted key is " + encrypted.length
          + " bytes, not a whole number of " + cipher.ivLength() + "-byte blocks");
    }
  }

  private static byte[] passphraseBytes(Supplier<char[]> passphrase, String source) throws SshPassphraseException {
    char[] chars = passphrase == null ? null : passphrase.get();
    if (chars == null) {
      throw SshPassphraseException.missing(source, FORMAT);
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] pass = new byte[encoded.remaining()];
    encoded.get(pass);
    Arrays.fill(encoded.array(), (byte) 0);
    Arrays.fill(chars, '\0');
    return pass;
  }

  /** OpenSSL's EVP_BytesToKey with MD5 and one round: D_i = MD5(D_{i-1} || passphrase || salt). */
  static byte[] evpBytesToKey(byte[] pass, byte[] salt, int length) {
    MessageDigest md5;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
    byte[] key = new byte[length];
    byte[] previous = new byte[0];
    for (int filled = 0; filled < length; ) {
      md5.update(previous);
      md5.update(pass);
      md5.update(salt);
      Arrays.fill(previous, (byte) 0);
      previous = md5.digest();
      int n = Math.min(previous.length, length - filled);
      System.arraycopy(previous, 0, key, filled, n);
      filled += n;
    }
    Arrays.fill(previous, (byte) 0);
    return key;
  }

  private static byte[] decrypt(CbcCipher cipher, byte[] key, byte[] iv, byte[] encrypted, String source)
      throws SshKeyException {
    try {
      Cipher c = Cipher.getInstance(cipher.transformation());
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.keyAlgorithm()), new IvParameterSpec(iv));
      return c.doFinal(encrypted);
    } catch (BadPaddingException e) {
      throw SshPassphraseException.wrong(source, null);
    } catch (GeneralSecurityException e) {
      throw new SshKeyException(source + ": cannot decrypt the key (" + cipher.transformation() + ")", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
