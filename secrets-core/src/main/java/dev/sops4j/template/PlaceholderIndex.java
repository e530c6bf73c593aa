package dev.sops4j.template;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secret names a template may refer to, and how their placeholders are spelled: the readable form
 * by name, the sops-nix form by the SHA-256 of the name, and, for sops-nix manifests whose
 * {@code placeholderBySecretName} overrides a placeholder, that literal string as well.
 */
public final class PlaceholderIndex {
  private final Set<String> names;
  private final Map<String, String> nameByHash;
  private final Map<String, String> nameByCustomLiteral;

  private PlaceholderIndex(Set<String> names, Map<String, String> nameByHash,
      Map<String, String> nameByCustomLiteral) {
    this.names = Collections.unmodifiableSet(names);
    this.nameByHash = nameByHash;
    this.nameByCustomLiteral = Collections.unmodifiableMap(nameByCustomLiteral);
  }

  /** An index of {@code secretNames} with the standard placeholders only. */
  public static PlaceholderIndex of(Collection<String> secretNames) {
    return of(secretNames, Map.of());
  }

  /**
   * An index of {@code secretNames}; a {@code placeholderBySecretName} entry whose string differs from
   * the standard sops-nix placeholder of its name is recognised literally as well (sops-nix lets a
   * configuration override {@code sops.placeholder.<name>}). Entries for names not in
   * {@code secretNames} are ignored, as sops-install-secrets ignores them.
   */
  public static PlaceholderIndex of(Collection<String> secretNames,
      Map<String, String> placeholderBySecretName) {
    Set<String> names = new LinkedHashSet<>(secretNames);
    Map<String, String> byHash = new HashMap<>();
    Map<String, String> custom = new LinkedHashMap<>();
    for (String name : names) {
      byHash.put(Placeholders.sha256Hex(name), name);
      String placeholder = placeholderBySecretName.get(name);
      if (placeholder != null && !placeholder.isEmpty()
          && !placeholder.equals(Placeholders.sopsNix(name))) {
        custom.put(placeholder, name);
      }
    }
    return new PlaceholderIndex(names, byHash, custom);
  }

  /** Every secret name known, in the order given. */
  public Set<String> names() {
    return names;
  }

  /** Whether {@code name} is a known secret name. */
  public boolean knows(String name) {
    return names.contains(name);
  }

  /** The known secret whose name hashes to {@code hexSha256} (lowercase). */
  public Optional<String> nameForHash(String hexSha256) {
    return Optional.ofNullable(nameByHash.get(hexSha256));
  }

  /** Placeholder strings that differ from the standard form, each with its secret name. */
  public Map<String, String> customLiterals() {
    return nameByCustomLiteral;
  }
}
