package dev.sops4j.ssh;

import static dev.sops4j.ssh.PublicKeyBlobs.withSource;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The {@code openssh-key-v1} private key container (OpenSSH {@code PROTOCOL.key}): magic, cipher, KDF,
 * KDF options, one public key, and the private section (check-ints, key, comment, padding 1, 2, 3…).
 * Encrypted keys (KDF {@code bcrypt}, ciphers of {@link OpenSshCiphers}) are read when a passphrase is given.
 */
final class OpenSshKeyV1 {
  static final String PEM_LABEL = "OPENSSH PRIVATE KEY";
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int UNENCRYPTED_BLOCK_SIZE = 8;
  /** How messages name this format. */
  private static final String FORMAT = "OpenSSH";

  private OpenSshKeyV1() {}

  static SshPrivateKey decode(byte[] blob, String source) throws SshKeyException {
    return decode(blob, source, null);
  }

  /**
   * Decodes the container; {@code passphrase} is asked only when the key is encrypted (null, or a supplier
   * returning null: {@link SshPassphraseException} with reason MISSING). The passphrase array is wiped
   * after use and never appears in messages.
   */
  static SshPrivateKey decode(byte[] blob, String source, Supplier<char[]> passphrase) throws SshKeyException {
    if (blob.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(blob, MAGIC.length), MAGIC)) {
      throw new SshKeyException(source + ": not an openssh-key-v1 key (bad magic)");
    }
    SshWireReader r = new SshWireReader(Arrays.copyOfRange(blob, MAGIC.length, blob.length), source);
    String cipher = r.readText("cipher name");
    String kdf = r.readText("KDF name");
    byte[] kdfOptions = r.readString("KDF options");
    int keys = r.readUint32("number of keys");
    if (keys != 1) {
      throw r.error("the file holds " + keys + " keys; exactly one is supported");
    }
    SshPublicKey outerPublic = PublicKeyBlobs.decode(r.readString("public key"), "", source);
    byte[] privateSection = r.readString("private section");
    if (cipher.equals("none")) {
      r.expectEnd("the private section");
      if (!kdf.equals("none")) {
        throw r.error("unencrypted key names KDF '" + PublicKeyBlobs.printable(kdf) + "'");
      }
      return decodePrivateSection(privateSection, outerPublic, UNENCRYPTED_BLOCK_SIZE, source);
    }
    OpenSshCiphers.Spec spec = OpenSshCiphers.spec(cipher);
    if (spec == null) {
      throw new SshKeyException(source + ": unsupported cipher '" + PublicKeyBlobs.printable(cipher)
          + "' for a passphrase-protected OpenSSH key");
    }
    if (passphrase == null) {
      throw SshPassphraseException.missing(source, FORMAT);
    }
    byte[] tag = r.readBytes(spec.tagLength(), "authentication tag");
    r.expectEnd("the private section");
    if (!kdf.equals("bcrypt")) {
      throw new SshKeyException(source + ": unsupported KDF '" + PublicKeyBlobs.printable(kdf)
          + "' for a passphrase-protected OpenSSH key (supported: bcrypt)");
    }
    SshWireReader options = new SshWireReader(kdfOptions, source);
    byte[] salt = options.readString("bcrypt salt");
    int rounds = options.readUint32("bcrypt rounds");
    options.expectEnd("the bcrypt KDF options");
    if (salt.length == 0 || rounds < 1) {
      throw new SshKeyException(source + ": bad bcrypt KDF options (salt " + salt.length + " bytes, rounds "
          + Integer.toUnsignedString(rounds) + ")");
    }
    if (privateSection.length % spec.blockSize() != 0) {
      throw new SshKeyException(source + ": private section length is not a multiple of " + spec.blockSize());
    }
    byte[] plain = decrypt(spec, salt, rounds, privateSection, tag, passphrase, source);
    try {
      if (plain == null || plain.length < 8 || !Arrays.equals(plain, 0, 4, plain, 4, 8)) {
        throw SshPassphraseException.wrong(source, null);
      }
      return decodePrivateSection(plain, outerPublic, spec.blockSize(), source);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static byte[] decrypt(OpenSshCiphers.Spec spec, byte[] salt, int rounds, byte[] section, byte[] tag,
      Supplier<char[]> passphrase, String source) throws SshKeyException {
    char[] chars = passphrase.get();
    if (chars == null) {
      throw SshPassphraseException.missing(source, FORMAT);
    }
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] pass = new byte[encoded.remaining()];
    encoded.get(pass);
    Arrays.fill(encoded.array(), (byte) 0);
    Arrays.fill(chars, '\0');
    byte[] keyAndIv = BcryptPbkdf.derive(pass, salt, rounds, spec.keyLength() + spec.ivLength());
    Arrays.fill(pass, (byte) 0);
    try {
      return OpenSshCiphers.decrypt(spec, keyAndIv, section, tag);
    } catch (GeneralSecurityException e) {
      throw new SshKeyException(source + ": cannot decrypt the private section (" + spec.name() + ")", e);
    } finally {
      Arrays.fill(keyAndIv, (byte) 0);
    }
  }

  /** Reads a decrypted private section and checks it against the file's public key. */
  static SshPrivateKey decodePrivateSection(byte[] section, SshPublicKey outerPublic, int blockSize, String source)
      throws SshKeyException {
    if (section.length % blockSize != 0) {
      throw new SshKeyException(source + ": private section length is not a multiple of " + blockSize);
    }
    SshWireReader r = new SshWireReader(section, source);
    int check1 = r.readRawUint32("check-int");
    int check2 = r.readRawUint32("check-int");
    if (check1 != check2) {
      throw r.error("the two check-ints differ (corrupt key, or wrong passphrase)");
    }
    String type = r.readText("private key type");
    if (!type.equals(outerPublic.type())) {
      throw r.error("private key type '" + PublicKeyBlobs.printable(type) + "' differs from the public key type '"
          + outerPublic.type() + "'");
    }
    SshPrivateKey key = switch (type) {
      case SshEd25519PublicKey.TYPE -> readEd25519(r, source);
      case SshRsaPublicKey.TYPE -> readRsa(r, source);
      default -> throw r.error("unsupported ssh key type '" + PublicKeyBlobs.printable(type) + "'");
    };
    checkPadding(r, blockSize);
    if (!key.publicKey().equals(outerPublic)) {
      throw r.error("the private key does not match the public key stored in the file");
    }
    return key;
  }

  private static SshPrivateKey readEd25519(SshWireReader r, String source) throws SshKeyException {
    byte[] pub = r.readString("ssh-ed25519 public key");
    byte[] priv = r.readString("ssh-ed25519 private key");
    if (pub.length != 32 || priv.length != 64) {
      throw r.error("ssh-ed25519 key has the wrong length (public " + pub.length + ", private " + priv.length
          + "; want 32 and 64)");
    }
    byte[] seed = Arrays.copyOf(priv, 32);
    Arrays.fill(priv, 0, 32, (byte) 0);
    String comment = r.readText("comment");
    SshEd25519PrivateKey key = withSource(source, () -> SshEd25519PrivateKey.fromSeed(seed, comment));
    Arrays.fill(seed, (byte) 0);
    byte[] derived = key.publicKey().keyBytes();
    if (!Arrays.equals(derived, pub) || !Arrays.equals(Arrays.copyOfRange(priv, 32, 64), pub)) {
      throw r.error("ssh-ed25519 public key does not match its seed");
    }
    return key;
  }

  private static SshPrivateKey readRsa(SshWireReader r, String source) throws SshKeyException {
    BigInteger n = r.readMpint("ssh-rsa modulus");
    BigInteger e = r.readMpint("ssh-rsa public exponent");
    BigInteger d = r.readMpint("ssh-rsa private exponent");
    BigInteger iqmp = r.readMpint("ssh-rsa CRT coefficient");
    BigInteger p = r.readMpint("ssh-rsa prime p");
    BigInteger q = r.readMpint("ssh-rsa prime q");
    String comment = r.readText("comment");
    return withSource(source, () -> SshRsaPrivateKey.of(SshRsaPublicKey.of(n, e, comment), d, p, q, iqmp));
  }

  /** The private section ends with padding bytes 1, 2, 3… shorter than one cipher block. */
  private static void checkPadding(SshWireReader r, int blockSize) throws SshKeyException {
    int n = r.remaining();
    if (n >= blockSize) {
      throw r.error("private section has " + n + " bytes after the key (padding must be shorter than "
          + blockSize + ")");
    }
    byte[] pad = r.readBytes(n, "padding");
    for (int i = 0; i < n; i++) {
      if (pad[i] != i + 1) {
        throw r.error("bad padding at the end of the private section");
      }
    }
  }
}
