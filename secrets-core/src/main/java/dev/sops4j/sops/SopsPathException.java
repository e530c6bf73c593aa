package dev.sops4j.sops;

/** A path (sops {@code --extract} or sops-nix key) names nothing in the file, or something of the wrong kind. */
public final class SopsPathException extends SopsException {
  public SopsPathException(String message) {
    super(message);
  }
}
