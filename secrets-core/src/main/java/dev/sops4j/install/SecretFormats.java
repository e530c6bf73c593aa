package dev.sops4j.install;

import dev.sops4j.sops.format.Format;
import java.util.List;
import java.util.Optional;

/** The {@code format} names a manifest accepts, as sops-nix spells them. */
public final class SecretFormats {
  /** The default format. */
  public static final String DEFAULT = "yaml";
  /** Every accepted name: {@code yaml}, {@code json}, {@code binary}, {@code dotenv}, {@code ini}. */
  public static final List<String> NAMES = List.of("yaml", "json", "binary", "dotenv", "ini");

  private SecretFormats() {
  }

  /** The SOPS format of an accepted name (exact, lowercase, as sops-install-secrets compares). */
  public static Optional<Format> of(String name) {
    return switch (name == null ? "" : name) {
      case "yaml" -> Optional.of(Format.YAML);
      case "json" -> Optional.of(Format.JSON);
      case "binary" -> Optional.of(Format.BINARY);
      case "dotenv" -> Optional.of(Format.DOTENV);
      case "ini" -> Optional.of(Format.INI);
      default -> Optional.empty();
    };
  }

  /** Whether the value of a secret in this format is picked by its {@code key} (yaml, json) or is the whole file. */
  public static boolean usesKey(String name) {
    return "yaml".equals(name) || "json".equals(name);
  }
}
