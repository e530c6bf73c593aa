package dev.sops4j.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file's content atomically for the commands that write a file in place (encrypt
 * {@code --in-place}, rotate {@code --in-place}, set, updatekeys): the new content goes to a
 * private temporary file beside the target (through symbolic links, to the real file), gets the
 * target's permissions and is renamed over it, so readers see the old or the new file, never a part.
 */
final class InPlaceFile {
  private InPlaceFile() {}

  static void replace(Path file, byte[] content) throws IOException {
    Path target = file.toRealPath();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Set<PosixFilePermission> mode = posix ? Files.getPosixFilePermissions(target) : null;
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
        OutputTarget.ownerOnly());
    try {
      Files.write(temp, content);
      if (mode != null) {
        Files.setPosixFilePermissions(temp, mode);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
