package dev.sops4j.testkit;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.MlKem768X25519Recipient;
import dev.sops4j.age.Recipient;
import dev.sops4j.age.SshEd25519Recipient;
import dev.sops4j.age.SshRsaRecipient;
import dev.sops4j.age.X25519Recipient;
import dev.sops4j.ssh.SshPublicKey;
import java.util.Base64;
import java.util.Optional;

/** The text of an age recipient as a SOPS file stores it, and recipient texts read back. */
final class Recipients {
  private Recipients() {
  }

  /** {@code age1…} / {@code age1pq1…} for native recipients, {@code ssh-… AAAA…} (no comment) for SSH keys. */
  static String text(Recipient recipient) {
    if (recipient instanceof X25519Recipient x25519) {
      return x25519.encode();
    }
    if (recipient instanceof MlKem768X25519Recipient mlKem) {
      return mlKem.encode();
    }
    if (recipient instanceof SshEd25519Recipient ed) {
      return sshLine(ed.publicKey());
    }
    if (recipient instanceof SshRsaRecipient rsa) {
      return sshLine(rsa.publicKey());
    }
    throw new IllegalArgumentException("cannot write a " + recipient.type()
        + " recipient into a SOPS file (age X25519, post-quantum and SSH recipients can be)");
  }

  /** The canonical text of a recipient text as found in a file, or empty when it does not parse. */
  static Optional<String> canonical(String stored) {
    try {
      return Optional.of(text(AgeKeys.parseRecipient(stored.strip())));
    } catch (AgeKeyException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String sshLine(SshPublicKey key) {
    return key.type() + " " + Base64.getEncoder().encodeToString(key.wireEncoding());
  }
}
