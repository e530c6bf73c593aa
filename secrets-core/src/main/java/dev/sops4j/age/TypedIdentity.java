package dev.sops4j.age;

import java.util.List;
import java.util.Optional;

/**
 * What every identity shares: it opens the stanzas of one type. {@link #unwrap} tries them in header
 * order and returns the first file key one of them yields; stanzas of other types are never looked at.
 */
abstract class TypedIdentity implements Identity {
  private final String stanzaType;

  TypedIdentity(String stanzaType) {
    this.stanzaType = stanzaType;
  }

  @Override
  public Optional<byte[]> unwrap(List<Stanza> stanzas) throws AgeException {
    for (Stanza stanza : stanzas) {
      if (!stanza.type().equals(stanzaType)) {
        continue;
      }
      Optional<byte[]> fileKey = unwrapOne(stanza);
      if (fileKey.isPresent()) {
        return fileKey;
      }
    }
    return Optional.empty();
  }

  /** Opens one stanza of this identity's type: empty when it is not for this identity. */
  abstract Optional<byte[]> unwrapOne(Stanza stanza) throws AgeException;

  @Override
  public String type() {
    return stanzaType;
  }
}
