package dev.sops4j.age;

import java.util.Arrays;
import java.util.Optional;

/**
 * An age post-quantum hybrid identity: a 32-byte MLKEM768-X25519 (X-Wing) seed, written as
 * upper-case Bech32 {@code AGE-SECRET-KEY-PQ-1…}. Opens {@code mlkem768x25519} stanzas with HPKE
 * base mode. {@link #toString()} shows the type and a shortened recipient, never the secret.
 */
public final class MlKem768X25519Identity extends TypedIdentity {
  static final String HRP = "AGE-SECRET-KEY-PQ-";
  static final int BODY_SIZE = Primitives.FILE_KEY_SIZE + 16;

  private final byte[] seed;
  private final XWing.PrivateKey privateKey;
  private final MlKem768X25519Recipient recipient;

  private MlKem768X25519Identity(byte[] seed) {
    super(MlKem768X25519Recipient.STANZA_TYPE);
    this.seed = seed.clone();
    this.privateKey = XWing.derive(this.seed);
    try {
      this.recipient = MlKem768X25519Recipient.fromPublicKey(privateKey.publicKey());
    } catch (AgeKeyException e) {
      throw new IllegalStateException("a derived MLKEM768-X25519 public key failed its own check", e);
    }
  }

  /** A new identity from 32 random bytes. */
  public static MlKem768X25519Identity generate() {
    byte[] seed = Primitives.random(XWing.SEED_SIZE);
    try {
      return new MlKem768X25519Identity(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Parses {@code AGE-SECRET-KEY-PQ-1…}: Bech32 with the upper-case HRP and a 32-byte seed. */
  public static MlKem768X25519Identity parse(String text) throws AgeKeyException {
    byte[] seed = Bech32.decodeKey(text, HRP, XWing.SEED_SIZE, "post-quantum identity");
    try {
      return new MlKem768X25519Identity(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The upper-case Bech32 {@code AGE-SECRET-KEY-PQ-1…} form. Secret: handle with care. */
  public String encode() {
    return Bech32.encode(HRP, seed);
  }

  /** The matching recipient. */
  public MlKem768X25519Recipient recipient() {
    return recipient;
  }

  @Override
  Optional<byte[]> unwrapOne(Stanza stanza) throws AgeHeaderException {
    if (stanza.args().size() != 1) {
      throw new AgeHeaderException(
          "invalid mlkem768x25519 stanza: expected 1 argument after the type, got " + stanza.args().size());
    }
    byte[] enc = StrictBase64.decode(stanza.args().get(0), XWing.ENC_SIZE)
        .orElseThrow(() -> new AgeHeaderException(
            "invalid mlkem768x25519 stanza: enc is not canonical base64 of " + XWing.ENC_SIZE + " bytes"));
    if (stanza.bodyLength() != BODY_SIZE) {
      throw new AgeHeaderException(
          "invalid mlkem768x25519 stanza: body is " + stanza.bodyLength() + " bytes, expected " + BODY_SIZE);
    }
    byte[] shared = XWing.decapsulate(privateKey, enc)
        .orElseThrow(() -> new AgeHeaderException(
            "invalid mlkem768x25519 stanza: the X25519 share is a low-order point"));
    Hpke.Context context = Hpke.keySchedule(XWing.KEM_ID, shared, MlKem768X25519Recipient.HPKE_INFO);
    try {
      return Hpke.open(context, stanza.body());
    } finally {
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(context.key(), (byte) 0);
    }
  }

  /** The type and a shortened recipient only. */
  @Override
  public String toString() {
    String r = recipient.encode();
    return "MlKem768X25519Identity[" + r.substring(0, 16) + "…" + r.substring(r.length() - 8) + "]";
  }
}
