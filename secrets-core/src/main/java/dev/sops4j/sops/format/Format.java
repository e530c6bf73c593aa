package dev.sops4j.sops.format;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats SOPS stores: chosen from the file extension unless the caller names one. */
public enum Format {
  YAML, JSON, DOTENV, INI, BINARY;

  /** The format sops picks for a file name: .yaml/.yml, .json, .env, .ini, anything else binary. */
  public static Format fromPath(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".env")) {
      return DOTENV;
    }
    if (name.endsWith(".ini")) {
      return INI;
    }
    return BINARY;
  }

  /** Parses a format name as the sops CLI and sops-nix spell it ({@code yaml}, {@code json}, {@code dotenv}, {@code ini}, {@code binary}). */
  public static Format parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "yaml", "yml":
        return YAML;
      case "json":
        return JSON;
      case "dotenv", "env":
        return DOTENV;
      case "ini":
        return INI;
      case "binary":
        return BINARY;
      default:
        throw new IllegalArgumentException(
            "unknown format '" + name + "' (expected yaml, json, dotenv, ini or binary)");
    }
  }

  /** The name sops uses. */
  public String id() {
    return this == DOTENV ? "dotenv" : name().toLowerCase(Locale.ROOT);
  }

  /** The store that reads and writes this format. */
  public Store store() {
    return Stores.of(this);
  }
}
