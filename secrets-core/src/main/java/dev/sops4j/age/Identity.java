package dev.sops4j.age;

import java.util.List;
import java.util.Optional;

/**
 * Something that may unwrap a file key from a header's stanzas. One implementation per type.
 * Implementations ignore stanzas of other types, return empty when no stanza is theirs, and throw
 * {@link AgeHeaderException} when a stanza of their type is malformed.
 */
public interface Identity {

  /** Tries every stanza; returns the 16-byte file key if one of them is for this identity. */
  Optional<byte[]> unwrap(List<Stanza> stanzas) throws AgeException;

  /** The stanza type this identity opens, for messages (for example {@code X25519}). */
  String type();
}
