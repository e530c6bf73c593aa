package dev.sops4j.template;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Gives the value of a secret by name, as the bytes to insert; empty when the secret has no value. */
@FunctionalInterface
public interface SecretLookup {

  /** The bytes of secret {@code secretName}, or empty. */
  Optional<byte[]> value(String secretName);

  /** A lookup in a map of byte values (not copied). */
  static SecretLookup ofBytes(Map<String, byte[]> values) {
    return name -> Optional.ofNullable(values.get(name));
  }

  /** A lookup in a map of text values, inserted as UTF-8 (not copied). */
  static SecretLookup ofStrings(Map<String, String> values) {
    return name -> Optional.ofNullable(values.get(name)).map(v -> v.getBytes(StandardCharsets.UTF_8));
  }
}
