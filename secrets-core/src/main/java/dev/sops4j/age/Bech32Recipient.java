package dev.sops4j.age;

import java.util.Arrays;

/**
 * What the native recipients (X25519 and post-quantum) share: a public key held as bytes, written as
 * lower-case Bech32 under one HRP, and equal to a recipient of the same type with the same bytes.
 */
abstract class Bech32Recipient implements Recipient {
  private final String hrp;
  private final String stanzaType;
  private final byte[] publicKey;

  Bech32Recipient(String hrp, String stanzaType, byte[] publicKey) {
    this.hrp = hrp;
    this.stanzaType = stanzaType;
    this.publicKey = publicKey.clone();
  }

  /** The Bech32 form, {@code <hrp>1…}. */
  public String encode() {
    return Bech32.encode(hrp, publicKey);
  }

  /** A copy of the public key bytes (32 for X25519, 1216 for post-quantum). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The key bytes themselves, for this package's key agreement code: never modify, never hand out. */
  byte[] publicKeyUnsafe() {
    return publicKey;
  }

  @Override
  public String type() {
    return stanzaType;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(((Bech32Recipient) o).publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  /** The Bech32 form, {@link #encode()} (a public key). */
  @Override
  public String toString() {
    return encode();
  }
}
