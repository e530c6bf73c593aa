package dev.sops4j.sops.crypto;

import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SOPS value cipher: {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]} strings, AES-256-GCM with a
 * 32-byte IV and a 128-bit tag, the key path ({@code a:b:}) as additional data. Decrypting gives the
 * typed value back ({@link Scalar} or {@link Comment}); encrypting uses a fresh random IV unless the
 * {@link IvStash} holds the IV of the identical value, so unchanged values keep their ciphertext.
 *
 * <p>Errors name the key path (the additional data), never the value. Instances keep the data key:
 * do not share them beyond one file. Not thread-safe: one instance per file operation.
 */
public final class ValueCipher {
  private static final String PREFIX = "ENC[AES256_GCM,data:";
  private static final String IV_SEP = ",iv:";
  private static final String TAG_SEP = ",tag:";
  private static final String TYPE_SEP = ",type:";
  private static final int IV_BYTES = 32;
  private static final int TAG_BYTES = 16;
  private static final int MAX_TYPE_IN_MESSAGE = 24;

  private final SecretKeySpec key;
  private final IvStash stash;
  private final SecureRandom random;
  private Cipher decryptor;
  private Cipher encryptor;

  /**
   * A cipher for one data key with its own IV stash and a {@link SecureRandom}: for decrypting values
   * that may be encrypted again (unchanged values keep their ciphertext).
   */
  public ValueCipher(byte[] dataKey) {
    this(dataKey, new IvStash(), new SecureRandom());
  }

  /**
   * A cipher for one data key that only decrypts, or encrypts without reusing IVs: its stash is
   * {@link IvStash#none()}, so decrypting does not copy each plaintext into a stash.
   */
  public static ValueCipher decryptOnly(byte[] dataKey) {
    return new ValueCipher(dataKey, IvStash.none(), new SecureRandom());
  }

  /**
   * @param dataKey the 32-byte data key
   * @param stash   IVs to reuse for unchanged values (filled by {@link #decrypt}), or {@link
   *     IvStash#none()}
   * @param random  the source of fresh IVs
   */
  public ValueCipher(byte[] dataKey, IvStash stash, SecureRandom random) {
    if (dataKey.length != 32) {
      throw new IllegalArgumentException("a SOPS data key has 32 bytes, got " + dataKey.length);
    }
    this.key = new SecretKeySpec(dataKey, "AES");
    this.stash = stash;
    this.random = random;
  }

  /** The IV stash this cipher fills on decrypt and uses on encrypt. */
  public IvStash stash() {
    return stash;
  }

  /** Whether a string looks like an encrypted value (sops' prefix rule). */
  public static boolean isEncrypted(String value) {
    return EncParts.split(value) != null;
  }

  /**
   * The four parts of an {@code ENC[…]} text, split as sops' regular expression {@code
   * ^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]} splits it (prefix-anchored, nothing
   * required after the {@code ]}): each group is greedy, so the earlier groups take the last separator
   * that still leaves the later ones non-empty; no group spans a line terminator ({@code .} does not
   * match {@code \n}, {@code \r}, U+0085, U+2028, U+2029). Written by hand: the regex backtracks over
   * the whole value for every group.
   */
  record EncParts(String data, String iv, String tag, String type) {
    /** The parts of {@code value}, or {@code null} when the expression would not match. */
    static EncParts split(String value) {
      if (!value.startsWith(PREFIX)) {
        return null;
      }
      int dataStart = PREFIX.length();
      int lineEnd = dataStart;
      while (lineEnd < value.length() && !isLineTerminator(value.charAt(lineEnd))) {
        lineEnd++;
      }
      // From the right: the last ']', the last ",type:" leaving a non-empty type before it, and so on.
      int close = value.lastIndexOf(']', lineEnd - 1);
      int typeSep = close < 0 ? -1 : value.lastIndexOf(TYPE_SEP, close - TYPE_SEP.length() - 1);
      int tagSep = typeSep < 0 ? -1 : value.lastIndexOf(TAG_SEP, typeSep - TAG_SEP.length() - 1);
      int ivSep = tagSep < 0 ? -1 : value.lastIndexOf(IV_SEP, tagSep - IV_SEP.length() - 1);
      if (ivSep < dataStart + 1) {
        return null;
      }
      return new EncParts(value.substring(dataStart, ivSep),
          value.substring(ivSep + IV_SEP.length(), tagSep),
          value.substring(tagSep + TAG_SEP.length(), typeSep),
          value.substring(typeSep + TYPE_SEP.length(), close));
    }

    private static boolean isLineTerminator(char c) {
      return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    @Override
    public String toString() {
      return "EncParts[type=" + type + "]";
    }
  }

  /**
   * Decrypts one value. The empty string stays the empty string (sops never encrypts it).
   *
   * @param value          the {@code ENC[…]} text
   * @param additionalData the key path as sops builds it, e.g. {@code app2:db:password:}
   * @return the typed value: {@link Scalar.Str} (or {@link Scalar.Bytes} when a {@code str} is not
   *     valid UTF-8), {@link Scalar.Int}, {@link Scalar.Float}, {@link Scalar.Bool}, {@link
   *     Scalar.Time}, {@link Scalar.Bytes} or a {@link Comment}
   * @throws SopsValueException when the text is malformed, authentication fails (wrong data key or a
   *     changed value) or the plaintext does not parse as its type
   */
  public Node decrypt(String value, String additionalData) throws SopsValueException {
    if (value.isEmpty()) {
      return new Scalar.Str("");
    }
    EncParts parts = EncParts.split(value);
    if (parts == null) {
      throw new SopsValueException(additionalData,
          "malformed ENC value (expected ENC[AES256_GCM,data:…,iv:…,tag:…,type:…])");
    }
    byte[] data = decodeBase64(parts.data(), additionalData, "data");
    byte[] iv = decodeBase64(parts.iv(), additionalData, "iv");
    byte[] tag = decodeBase64(parts.tag(), additionalData, "tag");
    String type = parts.type();
    if (iv.length == 0) {
      throw new SopsValueException(additionalData, "malformed ENC value (empty iv)");
    }
    byte[] sealed = new byte[data.length + tag.length];
    System.arraycopy(data, 0, sealed, 0, data.length);
    System.arraycopy(tag, 0, sealed, data.length, tag.length);
    byte[] plain;
    try {
      if (decryptor == null) {
        decryptor = Cipher.getInstance("AES/GCM/NoPadding");
      }
      decryptor.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
      decryptor.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
      plain = decryptor.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw new SopsValueException(additionalData,
          "authentication failed: wrong data key or the value was changed");
    } catch (GeneralSecurityException e) {
      throw new SopsValueException(additionalData,
          "cannot decrypt value: " + e.getClass().getSimpleName());
    }
    Node result = typed(plain, type, additionalData);
    if (stash.keeping()) {
      stash.remember(type, plain, additionalData, iv);
    }
    return result;
  }

  private static Node typed(byte[] plain, String type, String keyPath) throws SopsValueException {
    switch (type) {
      case "str":
        return utf8(plain).<Node>map(Scalar.Str::new).orElseGet(() -> new Scalar.Bytes(plain));
      case "bytes":
        return new Scalar.Bytes(plain);
      case "comment":
        return new Comment(new String(plain, StandardCharsets.UTF_8));
      case "int":
        return new Scalar.Int(GoFormat.parseInt(text(plain))
            .orElseThrow(() -> badPlaintext(keyPath, type)));
      case "float":
        return new Scalar.Float(GoFormat.parseFloat(text(plain))
            .orElseThrow(() -> badPlaintext(keyPath, type)));
      case "bool":
        return new Scalar.Bool(GoFormat.parseBool(text(plain))
            .orElseThrow(() -> badPlaintext(keyPath, type)));
      case "time":
        return new Scalar.Time(GoFormat.parseRfc3339(text(plain))
            .orElseThrow(() -> badPlaintext(keyPath, type)));
      default:
        String shown = type.length() > MAX_TYPE_IN_MESSAGE
            ? type.substring(0, MAX_TYPE_IN_MESSAGE) + "…" : type;
        throw new SopsValueException(keyPath, "unknown type '" + shown + "'");
    }
  }

  private static SopsValueException badPlaintext(String keyPath, String type) {
    return new SopsValueException(keyPath, "decrypted value does not parse as type " + type);
  }

  private static String text(byte[] plain) {
    return new String(plain, StandardCharsets.UTF_8);
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Go's StdEncoding: padded standard base64; CR and LF are ignored. */
  private static byte[] decodeBase64(String text, String keyPath, String part)
      throws SopsValueException {
    String clean = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
        ? text.replace("\n", "").replace("\r", "") : text;
    if (clean.length() % 4 != 0) {
      throw new SopsValueException(keyPath, "malformed ENC value (bad base64 in " + part + ")");
    }
    try {
      return Base64.getDecoder().decode(clean);
    } catch (IllegalArgumentException e) {
      throw new SopsValueException(keyPath, "malformed ENC value (bad base64 in " + part + ")");
    }
  }

  /**
   * Encrypts one value with the key path as additional data. Empty strings, bytes and comments stay
   * the empty string, as in sops. {@link Scalar.Bytes} is written as type {@code str} (sops writes
   * binary data as a Go string; {@code bytes} is decrypt-only).
   *
   * @param value          a non-null scalar or a comment
   * @param additionalData the key path, e.g. {@code app2:db:password:}
   * @return the {@code ENC[…]} text, or {@code ""} for an empty value
   * @throws SopsValueException for a null value or a time outside the years 0..9999
   */
  public String encrypt(Node value, String additionalData) throws SopsValueException {
    String type = value instanceof Comment ? "comment" : writtenType(value, additionalData);
    byte[] plain = plaintext(value, additionalData);
    if (plain.length == 0 && (type.equals("str") || type.equals("comment"))) {
      return "";
    }
    byte[] iv = stash.lookup(type, plain, additionalData).orElseGet(this::freshIv);
    byte[] sealed;
    try {
      GCMParameterSpec spec = new GCMParameterSpec(TAG_BYTES * 8, iv);
      if (encryptor == null) {
        encryptor = Cipher.getInstance("AES/GCM/NoPadding");
      }
      try {
        encryptor.init(Cipher.ENCRYPT_MODE, key, spec);
      } catch (InvalidAlgorithmParameterException reused) {
        // The JDK refuses to re-init one instance with the key and IV it has just used; the stash
        // reuses IVs on purpose (identical value and path: identical output, as in sops).
        encryptor = Cipher.getInstance("AES/GCM/NoPadding");
        encryptor.init(Cipher.ENCRYPT_MODE, key, spec);
      }
      encryptor.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
      sealed = encryptor.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new SopsValueException(additionalData,
          "cannot encrypt value: " + e.getClass().getSimpleName(), e);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOf(sealed, sealed.length - TAG_BYTES))
        + ",iv:" + b64.encodeToString(iv)
        + ",tag:" + b64.encodeToString(Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length))
        + ",type:" + type + "]";
  }

  private byte[] freshIv() {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    return iv;
  }

  private static String writtenType(Node value, String keyPath) throws SopsValueException {
    if (value instanceof Scalar.Bytes) {
      return "str";
    }
    if (value instanceof Scalar s && !(s instanceof Scalar.Null)) {
      return s.sopsType();
    }
    throw new SopsValueException(keyPath, "cannot encrypt a " + kind(value));
  }

  private static String kind(Node value) {
    return value instanceof Scalar.Null ? "null value" : value.getClass().getSimpleName().toLowerCase();
  }

  /**
   * The bytes sops encrypts and hashes for a value (its {@code ToBytes}): UTF-8 text, Go number
   * formatting, {@code True}/{@code False}, RFC3339Nano, raw bytes, a comment's text.
   */
  static byte[] plaintext(Node value, String keyPath) throws SopsValueException {
    if (value instanceof Scalar.Str s) {
      return s.value().getBytes(StandardCharsets.UTF_8);
    } else if (value instanceof Scalar.Bytes b) {
      return b.value();
    } else if (value instanceof Scalar.Int i) {
      return ascii(GoFormat.formatInt(i.value()));
    } else if (value instanceof Scalar.Float f) {
      return ascii(GoFormat.formatFloat(f.value()));
    } else if (value instanceof Scalar.Bool b) {
      return ascii(GoFormat.formatBool(b.value()));
    } else if (value instanceof Scalar.Time t) {
      try {
        return ascii(GoFormat.formatTimeNano(t.value()));
      } catch (IllegalArgumentException e) {
        throw new SopsValueException(keyPath, "cannot write timestamp: " + e.getMessage());
      }
    } else if (value instanceof Comment c) {
      return c.text().getBytes(StandardCharsets.UTF_8);
    }
    throw new SopsValueException(keyPath, "cannot convert a " + kind(value) + " to bytes");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "ValueCipher[AES256_GCM]";
  }
}
