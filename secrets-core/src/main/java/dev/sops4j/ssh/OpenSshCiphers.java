package dev.sops4j.ssh;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The ciphers OpenSSH uses for the private section of {@code openssh-key-v1} files (OpenSSH
 * {@code cipher.c}): AES-CTR/CBC, {@code aes*-gcm@openssh.com} (12-byte IV, no AAD, 16-byte tag stored
 * after the encrypted section) and {@code chacha20-poly1305@openssh.com} (64-byte key, sequence number 0;
 * only the first 32 bytes are used for a key file's payload).
 */
final class OpenSshCiphers {
  /** One cipher: key and IV length as taken from the KDF output, block size, tag length. */
  record Spec(String name, int keyLength, int ivLength, int blockSize, int tagLength) {}

  private static final Map<String, Spec> SPECS = Map.of(
      "aes128-ctr", new Spec("aes128-ctr", 16, 16, 16, 0),
      "aes192-ctr", new Spec("aes192-ctr", 24, 16, 16, 0),
      "aes256-ctr", new Spec("aes256-ctr", 32, 16, 16, 0),
      "aes128-cbc", new Spec("aes128-cbc", 16, 16, 16, 0),
      "aes192-cbc", new Spec("aes192-cbc", 24, 16, 16, 0),
      "aes256-cbc", new Spec("aes256-cbc", 32, 16, 16, 0),
      "aes128-gcm@openssh.com", new Spec("aes128-gcm@openssh.com", 16, 12, 16, 16),
      "aes256-gcm@openssh.com", new Spec("aes256-gcm@openssh.com", 32, 12, 16, 16),
      "chacha20-poly1305@openssh.com", new Spec("chacha20-poly1305@openssh.com", 64, 0, 8, 16));

  private OpenSshCiphers() {}

  /** The cipher called {@code name}, or null when it is not supported. */
  static Spec spec(String name) {
    return SPECS.get(name);
  }

  /**
   * Decrypts the private section. Returns null when an authenticated cipher's tag does not verify (wrong
   * passphrase or corrupt file); the caller words the error.
   */
  static byte[] decrypt(Spec spec, byte[] keyAndIv, byte[] section, byte[] tag) throws GeneralSecurityException {
    byte[] key = Arrays.copyOf(keyAndIv, spec.keyLength());
    byte[] iv = Arrays.copyOfRange(keyAndIv, spec.keyLength(), spec.keyLength() + spec.ivLength());
    try {
      if (spec.name().startsWith("chacha20")) {
        return chachaPoly(key, section, tag);
      }
      SecretKeySpec k = new SecretKeySpec(key, "AES");
      if (spec.name().endsWith("-ctr")) {
        Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(iv));
        return c.doFinal(section);
      }
      if (spec.name().endsWith("-cbc")) {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, k, new IvParameterSpec(iv));
        return c.doFinal(section);
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(spec.tagLength() * 8, iv));
      c.update(section);
      try {
        return c.doFinal(tag);
      } catch (AEADBadTagException e) {
        return null;
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] chachaPoly(byte[] key, byte[] section, byte[] tag) {
    ChaChaEngine chacha = new ChaChaEngine();
    chacha.init(false, new ParametersWithIV(new KeyParameter(key, 0, 32), new byte[8]));
    byte[] block0 = new byte[64];
    chacha.processBytes(new byte[64], 0, 64, block0, 0);
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(block0, 0, 32));
    Arrays.fill(block0, (byte) 0);
    mac.update(section, 0, section.length);
    byte[] expected = new byte[16];
    mac.doFinal(expected, 0);
    if (!MessageDigest.isEqual(expected, tag)) {
      return null;
    }
    byte[] plain = new byte[section.length];
    chacha.processBytes(section, 0, section.length, plain, 0);
    return plain;
  }
}
