package dev.sops4j.sops.crypto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The IVs of values seen while decrypting, keyed by type, plaintext bytes and additional data, so
 * that re-encrypting an unchanged value gives the same ciphertext (sops' cipher stash): a change to
 * one secret stays a one-line diff. Holds plaintext hashes as map keys only in memory; never printed.
 *
 * <p>Only callers that will encrypt again need one: {@link #none()} is the stash of a decrypt-only
 * cipher, which remembers nothing (copying every plaintext into a map costs time and keeps secrets
 * in memory for nothing).
 */
public final class IvStash {
  private static final IvStash NONE = new IvStash(false);

  private final Map<Key, byte[]> ivs = new HashMap<>();
  private final boolean keeping;

  /** An empty stash that remembers the IV of every decrypted value. */
  public IvStash() {
    this(true);
  }

  private IvStash(boolean keeping) {
    this.keeping = keeping;
  }

  /** The stash that remembers nothing, for decrypt-only use: encrypting with it always takes a fresh IV. */
  public static IvStash none() {
    return NONE;
  }

  /** Whether {@link #remember} keeps IVs ({@code false} only for {@link #none()}). */
  public boolean keeping() {
    return keeping;
  }

  /** Remembers the IV a value was encrypted with (nothing for {@link #none()}). */
  public synchronized void remember(String type, byte[] plaintext, String additionalData, byte[] iv) {
    if (!keeping) {
      return;
    }
    ivs.put(new Key(type, plaintext.clone(), additionalData), iv.clone());
  }

  /** The IV an identical value (same type, bytes and additional data) was decrypted with. */
  public synchronized Optional<byte[]> lookup(String type, byte[] plaintext, String additionalData) {
    byte[] iv = ivs.get(new Key(type, plaintext, additionalData));
    return iv == null ? Optional.empty() : Optional.of(iv.clone());
  }

  /** Number of remembered IVs. */
  public synchronized int size() {
    return ivs.size();
  }

  @Override
  public String toString() {
    return keeping ? "IvStash[" + size() + "]" : "IvStash[none]";
  }

  private static final class Key {
    private final String type;
    private final byte[] plaintext;
    private final String additionalData;

    Key(String type, byte[] plaintext, String additionalData) {
      this.type = type;
      this.plaintext = plaintext;
      this.additionalData = additionalData;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && type.equals(k.type) && additionalData.equals(k.additionalData)
          && Arrays.equals(plaintext, k.plaintext);
    }

    @Override
    public int hashCode() {
      return (type.hashCode() * 31 + additionalData.hashCode()) * 31 + Arrays.hashCode(plaintext);
    }
  }
}
