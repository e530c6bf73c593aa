package dev.sops4j.sops;

import dev.sops4j.age.Recipient;
import dev.sops4j.pgp.PgpPublicKey;
import java.util.List;

/**
 * The master keys of one key group to encrypt a file for: age recipients (X25519, post-quantum,
 * ssh-ed25519, ssh-rsa) with the text sops stores as {@code recipient}, and OpenPGP public keys.
 */
public record MasterKeyGroup(List<AgeTarget> age, List<PgpPublicKey> pgp) {

  /** An age recipient and the text written to the file's {@code recipient} field. */
  public record AgeTarget(String text, Recipient recipient) {
    @Override
    public String toString() {
      return text;
    }
  }

  public MasterKeyGroup {
    age = List.copyOf(age);
    pgp = List.copyOf(pgp);
  }

  public boolean isEmpty() {
    return age.isEmpty() && pgp.isEmpty();
  }
}
