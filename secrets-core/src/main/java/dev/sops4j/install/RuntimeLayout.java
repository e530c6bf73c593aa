package dev.sops4j.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Where generations live and where the live link is: {@code <mountPoint>/<N>/…} and
 * {@code symlinkPath -> <mountPoint>/<N>} (sops-nix: {@code /run/secrets.d} and {@code /run/secrets}).
 */
public record RuntimeLayout(Path mountPoint, Path symlinkPath) {

  public RuntimeLayout {
    mountPoint = mountPoint.toAbsolutePath().normalize();
    symlinkPath = symlinkPath.toAbsolutePath().normalize();
    if (symlinkPath.startsWith(mountPoint)) {
      throw new IllegalArgumentException("the live link " + symlinkPath + " must not be inside the mount point "
          + mountPoint);
    }
  }

  /** The directory of generation {@code number}. */
  public Path generation(int number) {
    return mountPoint.resolve(Integer.toString(number));
  }

  /**
   * The live generation: the number the live link points to, when it points to a numbered directory
   * of the mount point; empty when there is no link (first install) or it points elsewhere.
   *
   * @throws InstallException when {@code symlinkPath} exists and is not a symbolic link
   */
  public OptionalInt liveGeneration() throws InstallException {
    if (!Files.exists(symlinkPath, LinkOption.NOFOLLOW_LINKS)) {
      return OptionalInt.empty();
    }
    if (!Files.isSymbolicLink(symlinkPath)) {
      throw new InstallException(java.util.List.of(symlinkPath + " exists and is not a symbolic link: "
          + "move it away (sops4j replaces only its own link)"));
    }
    Path target;
    try {
      target = Files.readSymbolicLink(symlinkPath);
    } catch (IOException e) {
      throw new InstallException("cannot read the live link " + symlinkPath, e);
    }
    Path resolved = symlinkPath.getParent().resolve(target).normalize();
    if (!mountPoint.equals(resolved.getParent())) {
      return OptionalInt.empty();
    }
    String name = resolved.getFileName().toString();
    return isNumber(name) ? OptionalInt.of(Integer.parseInt(name)) : OptionalInt.empty();
  }

  static boolean isNumber(String name) {
    return !name.isEmpty() && name.length() < 10 && name.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
