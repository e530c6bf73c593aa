package dev.sops4j.install;

import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.SopsPathException;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a secret's file holds, picked from its decrypted SOPS file as sops-nix picks them: for YAML
 * and JSON the value at {@code key} ({@code a/b} walks nested mappings; {@code ""} is the whole file as
 * sops prints it); for binary, dotenv and INI always the whole file. A string value is written as it
 * is (no newline added); other single values as sops prints them; mappings and lists are refused.
 */
final class SecretValues {
  private SecretValues() {
  }

  static byte[] select(SopsFile file, String key) throws SopsPathException {
    Format format = file.format();
    if (key.isEmpty() || format == Format.BINARY || format == Format.DOTENV || format == Format.INI) {
      return file.emit();
    }
    SopsPath path = SopsPath.parseSlashes(key);
    Node node = file.get(path);
    if (node instanceof Mapping || node instanceof Sequence) {
      throw new SopsPathException(file.source() + ": the value of key '" + key + "' is a "
          + (node instanceof Mapping ? "mapping" : "list") + ", not a single value (use a longer key, or \"\" "
          + "for the whole file)");
    }
    if (node instanceof Scalar.Str s) {
      return s.value().getBytes(StandardCharsets.UTF_8);
    }
    return file.text(path).getBytes(StandardCharsets.UTF_8);
  }
}
