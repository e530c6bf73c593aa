package dev.sops4j.age;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A passphrase identity: opens {@code scrypt} stanzas. Refuses work factors above a maximum
 * (default 22) and any header where an scrypt stanza is not the only stanza. A wrong passphrase is
 * "not mine" (empty). Immutable; the passphrase is held privately and never printed.
 */
public final class ScryptIdentity extends TypedIdentity {
  static final int DEFAULT_MAX_WORK_FACTOR = 22;
  private static final int MAX_WORK_FACTOR_DIGITS = 9;

  private final byte[] passphrase;
  private final int maxWorkFactor;

  /** An identity for {@code passphrase} (its bytes are copied), accepting work factors up to 22. */
  public ScryptIdentity(byte[] passphrase) {
    this(passphrase, DEFAULT_MAX_WORK_FACTOR);
  }

  private ScryptIdentity(byte[] passphrase, int maxWorkFactor) {
    super(ScryptRecipient.STANZA_TYPE);
    this.passphrase = passphrase.clone();
    this.maxWorkFactor = maxWorkFactor;
  }

  /** The same identity accepting work factors up to {@code logN} (1 ≤ logN ≤ 30). */
  public ScryptIdentity withMaxWorkFactor(int logN) {
    ScryptRecipient.checkWorkFactor(logN);
    return new ScryptIdentity(passphrase, logN);
  }

  /** The largest work factor (logN) this identity will run. */
  public int maxWorkFactor() {
    return maxWorkFactor;
  }

  @Override
  public Optional<byte[]> unwrap(List<Stanza> stanzas) throws AgeException {
    boolean hasScrypt = stanzas.stream().anyMatch(s -> s.type().equals(ScryptRecipient.STANZA_TYPE));
    if (hasScrypt && stanzas.size() != 1) {
      throw new AgeHeaderException("invalid header: an scrypt stanza must be the only stanza, found "
          + stanzas.size() + " stanzas");
    }
    return super.unwrap(stanzas);
  }

  @Override
  Optional<byte[]> unwrapOne(Stanza stanza) throws AgeHeaderException {
    if (stanza.args().size() != 2) {
      throw new AgeHeaderException("invalid scrypt stanza: expected 2 arguments, got " + stanza.args().size());
    }
    byte[] salt = StrictBase64.decode(stanza.args().get(0), ScryptRecipient.SALT_SIZE)
        .orElseThrow(() -> new AgeHeaderException("invalid scrypt stanza: the salt is not canonical base64 of 16 bytes"));
    int logN = parseWorkFactor(stanza.args().get(1));
    if (stanza.bodyLength() != X25519Identity.BODY_SIZE) {
      throw new AgeHeaderException("invalid scrypt stanza: body is " + stanza.bodyLength() + " bytes, expected 32");
    }
    byte[] wrapKey = ScryptRecipient.deriveKey(passphrase, salt, logN);
    try {
      return Primitives.openZeroNonce(wrapKey, stanza.body());
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  private int parseWorkFactor(String text) throws AgeHeaderException {
    if (!text.matches("[1-9][0-9]*")) {
      throw new AgeHeaderException("invalid scrypt stanza: the work factor is not a decimal number without sign or leading zero");
    }
    if (text.length() > MAX_WORK_FACTOR_DIGITS || Integer.parseInt(text) > maxWorkFactor) {
      throw new AgeHeaderException("invalid scrypt stanza: work factor exceeds the maximum of " + maxWorkFactor);
    }
    return Integer.parseInt(text);
  }

  /** The type and maximum work factor only. */
  @Override
  public String toString() {
    return "ScryptIdentity[maxLogN=" + maxWorkFactor + "]";
  }
}
