package dev.sops4j.age;

import java.util.List;

/**
 * The header is well formed but none of the identities unwraps any stanza. The message says which
 * stanza types the file carries and which identity types were tried, never key material.
 */
public final class NoIdentityMatchException extends AgeException {
  private final List<String> stanzaTypes;
  private final List<String> identityTypes;

  public NoIdentityMatchException(List<String> stanzaTypes, List<String> identityTypes) {
    super("no identity matched: the file has recipient stanzas " + stanzaTypes
        + ", tried identities of type " + identityTypes);
    this.stanzaTypes = List.copyOf(stanzaTypes);
    this.identityTypes = List.copyOf(identityTypes);
  }

  /** Types of the recipient stanzas in the file, in header order (duplicates kept). */
  public List<String> stanzaTypes() {
    return stanzaTypes;
  }

  /** Types of the identities that were tried, in the order tried. */
  public List<String> identityTypes() {
    return identityTypes;
  }
}
