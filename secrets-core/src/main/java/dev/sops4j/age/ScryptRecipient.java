package dev.sops4j.age;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A passphrase recipient: wraps the file key with a key derived by scrypt (N = 2^logN, r = 8,
 * p = 1). An scrypt stanza must be the only stanza of a file. Immutable; the passphrase is held
 * privately and never printed.
 */
public final class ScryptRecipient implements Recipient {
  static final String STANZA_TYPE = "scrypt";
  static final byte[] SALT_LABEL = "age-encryption.org/v1/scrypt".getBytes(StandardCharsets.US_ASCII);
  static final int SALT_SIZE = 16;
  static final int DEFAULT_WORK_FACTOR = 18;
  static final int MAX_SUPPORTED_WORK_FACTOR = 30;

  private final byte[] passphrase;
  private final int workFactor;

  /** A recipient for {@code passphrase} (its bytes are copied) with the default work factor 18. */
  public ScryptRecipient(byte[] passphrase) {
    this(passphrase, DEFAULT_WORK_FACTOR);
  }

  private ScryptRecipient(byte[] passphrase, int workFactor) {
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("the scrypt passphrase is empty");
    }
    this.passphrase = passphrase.clone();
    this.workFactor = workFactor;
  }

  /** The same recipient with scrypt cost N = 2^logN, 1 ≤ logN ≤ 30. */
  public ScryptRecipient withWorkFactor(int logN) {
    checkWorkFactor(logN);
    return new ScryptRecipient(passphrase, logN);
  }

  /** The scrypt work factor (logN) this recipient writes. */
  public int workFactor() {
    return workFactor;
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) throws AgeException {
    byte[] salt = Primitives.random(SALT_SIZE);
    byte[] wrapKey = deriveKey(passphrase, salt, workFactor);
    try {
      byte[] body = Primitives.sealZeroNonce(wrapKey, fileKey);
      return List.of(new Stanza(STANZA_TYPE, List.of(StrictBase64.encode(salt), Integer.toString(workFactor)), body));
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  @Override
  public String type() {
    return STANZA_TYPE;
  }

  /** The type and work factor only. */
  @Override
  public String toString() {
    return "ScryptRecipient[logN=" + workFactor + "]";
  }

  static void checkWorkFactor(int logN) {
    if (logN < 1 || logN > MAX_SUPPORTED_WORK_FACTOR) {
      throw new IllegalArgumentException("scrypt work factor must be in 1..30, got " + logN);
    }
  }

  /** scrypt(passphrase, label || salt, 2^logN, 8, 1) → 32-byte wrap key. */
  static byte[] deriveKey(byte[] passphrase, byte[] salt, int logN) {
    return SCrypt.generate(passphrase, Primitives.concat(SALT_LABEL, salt), 1 << logN, 8, 1, 32);
  }
}
