package dev.sops4j.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two placeholder forms that stand for a secret in a template.
 *
 * <ul>
 *   <li>{@link #sopsNix(String)}: {@code <SOPS:} + lowercase hex SHA-256 of the UTF-8 secret name +
 *       {@code :PLACEHOLDER>}, the string sops-nix's NixOS module puts in {@code sops.placeholder.<name>}
 *       ({@code modules/sops/templates/default.nix}). Opaque, but identical to what sops-nix templates
 *       contain, so they render unchanged.</li>
 *   <li>{@link #readable(String)}: {@code {{ sops:NAME }}} for hand-written templates. Maven resource
 *       filtering interpolates {@code ${…}} and {@code @…@} by default, so a template kept under
 *       {@code src/main/resources} would have those replaced (or emptied) at build time; doubled braces
 *       are left alone by Maven, and the {@code sops:} prefix keeps them apart from other
 *       {@code {{ … }}} syntaxes (Mustache, Jinja, Go templates), which are left verbatim. Spaces or tabs
 *       are allowed after the opening braces, around the name and before the closing braces.</li>
 * </ul>
 */
public final class Placeholders {
  /** Start of the sops-nix form. */
  public static final String SOPS_NIX_PREFIX = "<SOPS:";
  /** End of the sops-nix form. */
  public static final String SOPS_NIX_SUFFIX = ":PLACEHOLDER>";
  /** Start of the readable form. */
  public static final String READABLE_OPEN = "{{";
  /** Marker after {@link #READABLE_OPEN} (and optional blanks) that makes a readable placeholder. */
  public static final String READABLE_MARKER = "sops:";
  /** End of the readable form. */
  public static final String READABLE_CLOSE = "}}";

  private Placeholders() {
  }

  /**
   * The sops-nix placeholder of a secret name, e.g. {@code db/password} →
   * {@code <SOPS:…64 hex digits…:PLACEHOLDER>}.
   */
  public static String sopsNix(String secretName) {
    return SOPS_NIX_PREFIX + sha256Hex(secretName) + SOPS_NIX_SUFFIX;
  }

  /** The readable placeholder of a secret name in its canonical spelling: {@code {{ sops:NAME }}}. */
  public static String readable(String secretName) {
    if (!isReadableName(secretName)) {
      throw new IllegalArgumentException(
          "a readable placeholder name must be non-empty without blanks, '{' or '}'");
    }
    return READABLE_OPEN + " " + READABLE_MARKER + secretName + " " + READABLE_CLOSE;
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}, as Nix's {@code builtins.hashString "sha256"}. */
  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether a secret name can appear in the readable form (no blanks, line breaks, braces). */
  public static boolean isReadableName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isNameChar(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isNameChar(int c) {
    return c > ' ' && c != '{' && c != '}' && c != 0x7f;
  }
}
