package dev.sops4j.sops;

import dev.sops4j.sops.crypto.GoFormat;
import dev.sops4j.sops.tree.Scalar;
import java.nio.charset.StandardCharsets;

/** The text of a single value as sops prints it on its own (sops-nix secret files, {@code --extract}). */
final class ScalarText {
  private ScalarText() {
  }

  static String of(Scalar scalar) {
    if (scalar instanceof Scalar.Str s) {
      return s.value();
    }
    if (scalar instanceof Scalar.Int i) {
      return Long.toString(i.value());
    }
    if (scalar instanceof Scalar.Float f) {
      return GoFormat.formatFloat(f.value());
    }
    if (scalar instanceof Scalar.Bool b) {
      return Boolean.toString(b.value());
    }
    if (scalar instanceof Scalar.Time t) {
      return GoFormat.formatTimeNano(t.value());
    }
    if (scalar instanceof Scalar.Bytes b) {
      return new String(b.value(), StandardCharsets.UTF_8);
    }
    return "null";
  }
}
