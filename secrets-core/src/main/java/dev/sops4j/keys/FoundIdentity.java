package dev.sops4j.keys;

/**
 * What a key source contributed, in public terms only: the identity's type and the recipient that
 * encrypts to it.
 *
 * @param type the stanza type the identity opens ({@code X25519}, {@code mlkem768x25519},
 *     {@code ssh-ed25519}, {@code ssh-rsa})
 * @param recipient the public recipient: {@code age1…}, {@code age1pq1…}, or the authorized_keys line
 *     ({@code ssh-ed25519 AAAA… comment}) of an SSH key
 */
public record FoundIdentity(String type, String recipient) {

  @Override
  public String toString() {
    return type + ": " + recipient;
  }
}
