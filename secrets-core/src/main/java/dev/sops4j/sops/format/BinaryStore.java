package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The binary store: the whole plaintext file is one value under the key {@code data} (a {@link
 * Scalar.Str}, or {@link Scalar.Bytes} when the file is not valid UTF-8); the encrypted form is the
 * JSON envelope {@code {"data": "ENC[…]", "sops": {…}}}; decrypting prints the raw bytes of
 * {@code data}. sops applies no encryption rule to binary files (everything is encrypted).
 */
final class BinaryStore implements Store {
  static final String DATA_KEY = "data";

  private final JsonStore json = new JsonStore();

  @Override
  public Format format() {
    return Format.BINARY;
  }

  /**
   * Reads the JSON envelope.
   *
   * @throws SopsParseException when the envelope is not JSON or has no string {@code data} value
   */
  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) throws SopsParseException {
    EncryptedFile file = json.readEncrypted(data, source);
    Optional<Node> payload = file.documents().first().get(DATA_KEY);
    if (payload.isEmpty() || !(payload.get() instanceof Scalar.Str)) {
      throw new SopsParseException(source, 0, DATA_KEY + ":",
          "a binary SOPS file must hold its data as a string under the key 'data'");
    }
    return file;
  }

  /** The whole file as one value; never rejects (the file has no keys of its own). */
  @Override
  public Documents readPlain(byte[] data, String source) {
    Scalar value;
    try {
      value = new Scalar.Str(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data)).toString());
    } catch (CharacterCodingException notUtf8) {
      value = new Scalar.Bytes(data);
    }
    return Documents.of(Mapping.of(new Field(DATA_KEY, value)));
  }

  /**
   * The raw bytes of {@code data}.
   *
   * @throws IllegalArgumentException when the first document has no string or bytes {@code data}
   */
  @Override
  public byte[] writePlain(Documents documents) {
    Node payload = documents.first().get(DATA_KEY).orElseThrow(
        () -> new IllegalArgumentException("no binary data found in the tree (no key 'data')"));
    if (payload instanceof Scalar.Str s) {
      return s.value().getBytes(StandardCharsets.UTF_8);
    }
    if (payload instanceof Scalar.Bytes b) {
      return b.value();
    }
    throw new IllegalArgumentException("the key 'data' does not hold a string value");
  }

  /** The JSON envelope, as the JSON store prints it. */
  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    return json.writeEncrypted(documents, metadata);
  }
}
