package dev.sops4j.sops.format;

/** The store per format. */
final class Stores {
  private Stores() {
  }

  static Store of(Format format) {
    return switch (format) {
      case YAML -> new YamlStore();
      case JSON -> new JsonStore();
      case DOTENV -> new DotenvStore();
      case INI -> new IniStore();
      case BINARY -> new BinaryStore();
    };
  }
}
