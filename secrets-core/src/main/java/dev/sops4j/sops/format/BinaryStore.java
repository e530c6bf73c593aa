package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;

/** Placeholder until this store lands: every call fails. */
final class BinaryStore implements Store {
  @Override
  public Format format() {
    return Format.BINARY;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) {
    throw new UnsupportedOperationException("BinaryStore is not implemented yet");
  }

  @Override
  public Documents readPlain(byte[] data, String source) {
    throw new UnsupportedOperationException("BinaryStore is not implemented yet");
  }

  @Override
  public byte[] writePlain(Documents documents) {
    throw new UnsupportedOperationException("BinaryStore is not implemented yet");
  }

  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    throw new UnsupportedOperationException("BinaryStore is not implemented yet");
  }
}
