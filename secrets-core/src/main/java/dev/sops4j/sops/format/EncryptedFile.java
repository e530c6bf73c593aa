package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Mapping;

/**
 * A parsed SOPS file before decryption: its documents (values still {@code ENC[…]} strings, the
 * {@code sops} key removed from every document) and its metadata in sops' nested shape (empty when the
 * file has none).
 */
public record EncryptedFile(Documents documents, Mapping metadata) {
}
