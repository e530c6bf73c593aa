package dev.sops4j.install;

/**
 * What the installer prints (sops-nix's {@code sops.log}).
 *
 * @param keyImport     print each imported key and its fingerprint
 * @param secretChanges print which secrets and templates were added, modified and removed
 */
public record Logging(boolean keyImport, boolean secretChanges) {
  /** Both on, the NixOS module's default. */
  public static final Logging DEFAULT = new Logging(true, true);
}
