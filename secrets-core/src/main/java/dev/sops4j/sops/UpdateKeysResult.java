package dev.sops4j.sops;

/**
 * The outcome of {@link Sops#updateKeys}: what changed, and the file to write.
 *
 * @param changes what was compared and changed
 * @param file    the updated file; the input bytes as they were when nothing changed
 */
public record UpdateKeysResult(UpdateKeysChanges changes, byte[] file) {
  public UpdateKeysResult {
    file = file.clone();
  }

  @Override
  public byte[] file() {
    return file.clone();
  }

  /** True when the file was changed. */
  public boolean changed() {
    return changes.changed();
  }

  @Override
  public String toString() {
    return "UpdateKeysResult[changed=" + changed() + ", " + file.length + " bytes]";
  }
}
