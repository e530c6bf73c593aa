package dev.sops4j.age;

import java.util.Arrays;
import java.util.List;

/**
 * An age X25519 recipient: a Curve25519 public key, written as Bech32 {@code age1…}. Each
 * {@link #wrap} draws a fresh ephemeral key, so the stanza is anonymous. Immutable.
 */
public final class X25519Recipient extends Bech32Recipient {
  static final String STANZA_TYPE = "X25519";
  static final String HRP = "age";
  static final String WRAP_LABEL = "age-encryption.org/v1/X25519";
  static final int KEY_SIZE = 32;

  private X25519Recipient(byte[] publicKey) {
    super(HRP, STANZA_TYPE, publicKey);
  }

  /** A recipient from the 32-byte Montgomery u-coordinate of a public key. */
  public static X25519Recipient fromPublicKey(byte[] publicKey) {
    if (publicKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("X25519 public key must be 32 bytes, got " + publicKey.length);
    }
    return new X25519Recipient(publicKey);
  }

  /** Parses {@code age1…}: Bech32 with the lower-case HRP {@code age} and a 32-byte key. */
  public static X25519Recipient parse(String text) throws AgeKeyException {
    return new X25519Recipient(Bech32.decodeKey(text, HRP, KEY_SIZE, "X25519 recipient"));
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) throws AgeException {
    byte[] ephemeral = Primitives.random(KEY_SIZE);
    try {
      byte[] share = Primitives.x25519Base(ephemeral);
      byte[] shared = Primitives.x25519(ephemeral, publicKeyUnsafe())
          .orElseThrow(() -> new AgeKeyException("X25519 recipient is a low-order point"));
      byte[] wrapKey = Primitives.hkdf(shared, Primitives.concat(share, publicKeyUnsafe()), WRAP_LABEL);
      byte[] body = Primitives.sealZeroNonce(wrapKey, fileKey);
      Arrays.fill(shared, (byte) 0);
      Arrays.fill(wrapKey, (byte) 0);
      return List.of(new Stanza(STANZA_TYPE, List.of(StrictBase64.encode(share)), body));
    } finally {
      Arrays.fill(ephemeral, (byte) 0);
    }
  }
}
