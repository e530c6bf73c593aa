package dev.sops4j.age;

import java.util.Arrays;
import java.util.Optional;

/**
 * An age X25519 identity: a 32-byte Curve25519 scalar, stored unclamped and written as upper-case
 * Bech32 {@code AGE-SECRET-KEY-1…}. Opens {@code X25519} stanzas. {@link #toString()} shows only the
 * type and the recipient, never the secret.
 */
public final class X25519Identity extends TypedIdentity {
  static final String HRP = "AGE-SECRET-KEY-";
  static final int BODY_SIZE = Primitives.FILE_KEY_SIZE + 16;

  private final byte[] secretKey;
  private final X25519Recipient recipient;

  private X25519Identity(byte[] secretKey) {
    super(X25519Recipient.STANZA_TYPE);
    this.secretKey = secretKey.clone();
    this.recipient = X25519Recipient.fromPublicKey(Primitives.x25519Base(this.secretKey));
  }

  /** A new identity from 32 random bytes. */
  public static X25519Identity generate() {
    byte[] scalar = Primitives.random(X25519Recipient.KEY_SIZE);
    try {
      return new X25519Identity(scalar);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** An identity from a 32-byte scalar, used as is (not clamped), for example one derived from an ssh key. */
  public static X25519Identity fromScalar(byte[] scalar) {
    if (scalar.length != X25519Recipient.KEY_SIZE) {
      throw new IllegalArgumentException("X25519 secret key must be 32 bytes, got " + scalar.length);
    }
    return new X25519Identity(scalar);
  }

  /** Parses {@code AGE-SECRET-KEY-1…}: Bech32 with the upper-case HRP and a 32-byte scalar. */
  public static X25519Identity parse(String text) throws AgeKeyException {
    byte[] key = Bech32.decodeKey(text, HRP, X25519Recipient.KEY_SIZE, "X25519 identity");
    try {
      return new X25519Identity(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The upper-case Bech32 {@code AGE-SECRET-KEY-1…} form. Secret: handle with care. */
  public String encode() {
    return Bech32.encode(HRP, secretKey);
  }

  /** The matching recipient. */
  public X25519Recipient recipient() {
    return recipient;
  }

  @Override
  Optional<byte[]> unwrapOne(Stanza stanza) throws AgeHeaderException {
    if (stanza.args().size() != 1) {
      throw new AgeHeaderException("invalid X25519 stanza: expected 1 argument, got " + stanza.args().size());
    }
    byte[] share = StrictBase64.decode(stanza.args().get(0), X25519Recipient.KEY_SIZE)
        .orElseThrow(() -> new AgeHeaderException("invalid X25519 stanza: the share is not canonical base64 of 32 bytes"));
    if (stanza.bodyLength() != BODY_SIZE) {
      throw new AgeHeaderException("invalid X25519 stanza: body is " + stanza.bodyLength() + " bytes, expected 32");
    }
    byte[] shared = Primitives.x25519(secretKey, share)
        .orElseThrow(() -> new AgeHeaderException("invalid X25519 stanza: the share is a low-order point"));
    byte[] salt = Primitives.concat(share, recipient.publicKeyUnsafe());
    byte[] wrapKey = Primitives.hkdf(shared, salt, X25519Recipient.WRAP_LABEL);
    try {
      return Primitives.openZeroNonce(wrapKey, stanza.body());
    } finally {
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  /** The type and the recipient only. */
  @Override
  public String toString() {
    return "X25519Identity[" + recipient.encode() + "]";
  }
}
