package dev.sops4j.age;

import java.util.List;
import java.util.Optional;

/**
 * The stanza loop every identity shares: try the stanzas of one type in header order, and return the
 * first file key one of them yields. Stanzas of other types are never looked at.
 */
final class IdentityStanzas {
  private IdentityStanzas() {}

  /** Opens one stanza of the identity's type: empty when it is not for this identity. */
  @FunctionalInterface
  interface Opener {
    Optional<byte[]> open(Stanza stanza) throws AgeException;
  }

  /** The first file key {@code opener} gets from a stanza of {@code type}; empty when none is ours. */
  static Optional<byte[]> firstOpened(List<Stanza> stanzas, String type, Opener opener) throws AgeException {
    for (Stanza stanza : stanzas) {
      if (!stanza.type().equals(type)) {
        continue;
      }
      Optional<byte[]> fileKey = opener.open(stanza);
      if (fileKey.isPresent()) {
        return fileKey;
      }
    }
    return Optional.empty();
  }
}
