package dev.sops4j.template;

/**
 * One placeholder found in a template.
 *
 * @param secretName  the secret it stands for, or {@code null} for a sops-nix placeholder whose hash
 *                    matches no known name
 * @param known       whether {@code secretName} is a known secret
 * @param placeholder the placeholder text exactly as written
 * @param form        which spelling was used
 * @param line        1-based line of its first character
 * @param start       byte offset of its first byte in the template
 * @param end         byte offset just after its last byte
 */
public record Reference(String secretName, boolean known, String placeholder, Form form, int line,
    int start, int end) {

  /** The placeholder spellings. */
  public enum Form {
    /** {@code <SOPS:sha256:PLACEHOLDER>}. */
    SOPS_NIX,
    /** {@code {{ sops:name }}}. */
    READABLE,
    /** A string given in a sops-nix manifest's {@code placeholderBySecretName} that differs from the standard form. */
    CUSTOM
  }

  /** How to name this reference in a message: the secret name, or the placeholder when the name is unknown. */
  public String label() {
    return secretName != null ? secretName : placeholder;
  }
}
