package dev.sops4j.cli;

import dev.sops4j.age.AgeException;
import dev.sops4j.age.Identity;
import dev.sops4j.age.ScryptIdentity;
import dev.sops4j.age.Stanza;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The identity used when {@code decrypt} gets no {@code -i}: asks for the passphrase only when the
 * header has an scrypt stanza, then hands over to {@link ScryptIdentity}.
 */
final class PassphraseIdentity implements Identity {
  private final Passphrases passphrases;
  private final String fileName;

  PassphraseIdentity(Passphrases passphrases, String fileName) {
    this.passphrases = passphrases;
    this.fileName = fileName;
  }

  @Override
  public Optional<byte[]> unwrap(List<Stanza> stanzas) throws AgeException {
    if (stanzas.stream().noneMatch(s -> s.type().equals(type()))) {
      return Optional.empty();
    }
    byte[] secret = Passphrases.utf8(passphrases.forDecryption(fileName));
    try {
      return new ScryptIdentity(secret).unwrap(stanzas);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  @Override
  public String type() {
    return "scrypt";
  }

  @Override
  public String toString() {
    return "passphrase identity";
  }
}
