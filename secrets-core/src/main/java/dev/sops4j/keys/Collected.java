package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.age.SshKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import dev.sops4j.ssh.SshPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The identities one source yields, each with its public description ({@link FoundIdentity}). */
final class Collected {
  final List<Identity> identities = new ArrayList<>();
  final List<FoundIdentity> found = new ArrayList<>();

  /** A native age identity (X25519 or post-quantum); its recipient is derived. */
  void addAge(Identity identity) {
    identities.add(identity);
    String recipient;
    try {
      recipient = AgeKeys.recipientOf(identity);
    } catch (AgeKeyException e) {
      recipient = "(no recipient form)";
    }
    found.add(new FoundIdentity(identity.type(), recipient));
  }

  void addAllAge(List<Identity> list) {
    list.forEach(this::addAge);
  }

  /** The native identity, and for ed25519 also the X25519 identity ssh-to-age converts the key to. */
  void addSsh(SshPrivateKey key) {
    Identity nativeIdentity = SshKeys.identity(key);
    identities.add(nativeIdentity);
    found.add(new FoundIdentity(nativeIdentity.type(), key.publicKey().authorizedKeysLine()));
    if (key instanceof SshEd25519PrivateKey ed) {
      byte[] scalar = ed.x25519Scalar();
      try {
        addAge(X25519Identity.fromScalar(scalar));
      } finally {
        Arrays.fill(scalar, (byte) 0);
      }
    }
  }
}
