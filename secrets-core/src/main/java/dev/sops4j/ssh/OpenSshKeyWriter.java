package dev.sops4j.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Generates {@code ssh-ed25519} keys and writes them as unencrypted {@code openssh-key-v1} private key
 * files (OpenSSH {@code PROTOCOL.key}), the text {@code ssh-keygen -t ed25519 -N ""} writes. Meant for
 * throwaway keys in tests and for tools that create keys; passphrase protection is not offered.
 */
public final class OpenSshKeyWriter {
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int BLOCK_SIZE = 8;
  private static final int LINE_LENGTH = 70;
  private static final SecureRandom RANDOM = new SecureRandom();

  private OpenSshKeyWriter() {
  }

  /** A new random ed25519 key with the given comment (empty for none). */
  public static SshEd25519PrivateKey generateEd25519(String comment) {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    try {
      return SshEd25519PrivateKey.fromSeed(seed, comment);
    } catch (SshKeyException e) {
      throw new IllegalStateException("a generated ed25519 seed was refused", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * The private key file text: {@code -----BEGIN OPENSSH PRIVATE KEY-----}, base64 in lines of 70
   * characters, the END line and a final newline. The text holds the secret seed: the caller protects it
   * (file mode 0600) and never logs it.
   */
  public static String privateKeyFile(SshEd25519PrivateKey key) {
    byte[] seed = key.seed();
    byte[] publicKey = key.publicKey().keyBytes();
    byte[] secret = new byte[64];
    byte[] privateSection = null;
    byte[] blob = null;
    try {
      System.arraycopy(seed, 0, secret, 0, 32);
      System.arraycopy(publicKey, 0, secret, 32, 32);
      int check = RANDOM.nextInt();
      privateSection = pad(new SshWireWriter().uint32(check).uint32(check)
          .string(SshEd25519PublicKey.TYPE).string(publicKey).string(secret)
          .string(key.publicKey().comment()).toByteArray());
      byte[] body = new SshWireWriter().string("none").string("none").string(new byte[0]).uint32(1)
          .string(key.publicKey().wireEncoding()).string(privateSection).toByteArray();
      blob = new byte[MAGIC.length + body.length];
      System.arraycopy(MAGIC, 0, blob, 0, MAGIC.length);
      System.arraycopy(body, 0, blob, MAGIC.length, body.length);
      Arrays.fill(body, (byte) 0);
      return pem(blob);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(secret, (byte) 0);
      if (privateSection != null) {
        Arrays.fill(privateSection, (byte) 0);
      }
      if (blob != null) {
        Arrays.fill(blob, (byte) 0);
      }
    }
  }

  /** Appends the padding bytes 1, 2, 3 … up to a multiple of the block size, as OpenSSH does. */
  private static byte[] pad(byte[] section) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(section);
    for (int i = 1; out.size() % BLOCK_SIZE != 0; i++) {
      out.write(i);
    }
    Arrays.fill(section, (byte) 0);
    return out.toByteArray();
  }

  private static String pem(byte[] blob) {
    String base64 = Base64.getEncoder().encodeToString(blob);
    StringBuilder text = new StringBuilder("-----BEGIN " + OpenSshKeyV1.PEM_LABEL + "-----\n");
    for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
      text.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
    }
    return text.append("-----END ").append(OpenSshKeyV1.PEM_LABEL).append("-----\n").toString();
  }
}
