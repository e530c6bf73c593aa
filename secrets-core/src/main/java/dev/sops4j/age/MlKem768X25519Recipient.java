package dev.sops4j.age;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An age post-quantum hybrid recipient (type {@code mlkem768x25519}): an MLKEM768-X25519 (X-Wing)
 * public key of 1216 bytes, written as lower-case Bech32 {@code age1pq1…} (about 1959 characters).
 * Each file key is sealed with HPKE base mode (HKDF-SHA256, ChaCha20Poly1305) and the info string
 * {@code age-encryption.org/mlkem768x25519}. Its {@link #labels()} are {@code {"postquantum"}}, so it
 * cannot share a file with classic recipients. Immutable; {@link #toString()} is {@link #encode()}.
 */
public final class MlKem768X25519Recipient extends Bech32Recipient {
  static final String STANZA_TYPE = "mlkem768x25519";
  static final String HRP = "age1pq";
  static final String LABEL = "postquantum";
  static final byte[] HPKE_INFO = "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);

  private MlKem768X25519Recipient(byte[] publicKey) {
    super(HRP, STANZA_TYPE, publicKey);
  }

  /**
   * A recipient from the 1216-byte public key (ML-KEM-768 encapsulation key || X25519 public key).
   *
   * @throws AgeKeyException when the length is wrong or the ML-KEM key fails the modulus check
   */
  public static MlKem768X25519Recipient fromPublicKey(byte[] publicKey) throws AgeKeyException {
    try {
      XWing.checkPublicKey(publicKey);
    } catch (IllegalArgumentException e) {
      throw new AgeKeyException("malformed post-quantum recipient: " + e.getMessage(), e);
    }
    return new MlKem768X25519Recipient(publicKey);
  }

  /** Parses {@code age1pq1…}: Bech32 with the lower-case HRP {@code age1pq} and a valid 1216-byte key. */
  public static MlKem768X25519Recipient parse(String text) throws AgeKeyException {
    return fromPublicKey(Bech32.decodeKey(text, HRP, "post-quantum recipient"));
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) throws AgeException {
    XWing.Encapsulation encapsulation = XWing.encapsulate(publicKeyUnsafe());
    byte[] shared = encapsulation.sharedSecret();
    Hpke.Context context = Hpke.keySchedule(XWing.KEM_ID, shared, HPKE_INFO);
    try {
      byte[] body = Hpke.seal(context, fileKey);
      return List.of(new Stanza(STANZA_TYPE, List.of(StrictBase64.encode(encapsulation.enc())), body));
    } finally {
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(context.key(), (byte) 0);
    }
  }

  /** {@code {"postquantum"}}: only other post-quantum recipients may share the file. */
  @Override
  public Set<String> labels() {
    return Set.of(LABEL);
  }
}
