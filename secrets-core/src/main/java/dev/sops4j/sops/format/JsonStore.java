package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;

/** Placeholder until this store lands: every call fails. */
final class JsonStore implements Store {
  @Override
  public Format format() {
    return Format.JSON;
  }

  @Override
  public EncryptedFile readEncrypted(byte[] data, String source) {
    throw new UnsupportedOperationException("JsonStore is not implemented yet");
  }

  @Override
  public Documents readPlain(byte[] data, String source) {
    throw new UnsupportedOperationException("JsonStore is not implemented yet");
  }

  @Override
  public byte[] writePlain(Documents documents) {
    throw new UnsupportedOperationException("JsonStore is not implemented yet");
  }

  @Override
  public byte[] writeEncrypted(Documents documents, Mapping metadata) {
    throw new UnsupportedOperationException("JsonStore is not implemented yet");
  }
}
