package dev.sops4j.sops.config;

import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;

/** Checks on a file about to be encrypted. */
public final class PlainInput {
  private PlainInput() {}

  /**
   * Whether a YAML file holds no document at all (empty or only white space), which sops refuses
   * ({@code NeedAtLeastOneDocument}); an explicit empty document ({@code ---}) counts as one.
   */
  public static boolean hasNoDocument(byte[] data, Format format) {
    return format == Format.YAML && new String(data, StandardCharsets.UTF_8).isBlank();
  }

  /**
   * Whether the file already carries sops metadata (a top-level {@code sops} key in YAML or JSON, a
   * {@code [sops]} INI section, {@code sops_} dotenv keys), so that encrypting it again must be refused
   * as sops refuses it ({@code FileAlreadyEncrypted}). Binary input never counts: the whole file is one
   * value. A file that does not parse is not counted (encrypting it reports the parse error).
   */
  public static boolean hasSopsMetadata(byte[] data, String source, Format format) {
    if (format == Format.BINARY) {
      return false;
    }
    try {
      return !format.store().readEncrypted(data, source).metadata().members().isEmpty();
    } catch (SopsException | RuntimeException e) {
      return false;
    }
  }
}
