package dev.sops4j.age;

import java.util.List;

/**
 * Something a file key can be wrapped to: produces the header stanzas for one recipient. One
 * implementation per recipient type (X25519, scrypt, mlkem768x25519, ssh-ed25519, ssh-rsa).
 */
public interface Recipient {

  /** Wraps the 16-byte file key into one or more stanzas. The file key array must not be kept. */
  List<Stanza> wrap(byte[] fileKey) throws AgeException;

  /** The stanza type this recipient writes, for messages (for example {@code X25519}). */
  String type();

  /**
   * Labels that restrict which recipients may share a file (age's recipient labels): a file may only
   * mix recipients whose label sets are equal. {@code "postquantum"} for the hybrid type; empty otherwise.
   */
  default java.util.Set<String> labels() {
    return java.util.Set.of();
  }
}
