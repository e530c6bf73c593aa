package dev.sops4j.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes one generation and switches the live link to it in one atomic step, as sops-nix does:
 * <ol>
 *   <li>every name is checked first; nothing is written when one is hostile;</li>
 *   <li>leftovers of a killed run (a half-written next generation, a temporary link) are removed;</li>
 *   <li>{@code <mountPoint>/<N+1>} is created (0751) and every file is created there with its final mode
 *       (created no wider, then set exactly; the umask cannot widen or narrow it), its owner and group
 *       set, and synced;</li>
 *   <li>the live link is replaced by renaming a new link over it, so readers see the old or the new
 *       generation, never a mix;</li>
 *   <li>generations older than the newest {@code keepGenerations} are removed.</li>
 * </ol>
 * Symbolic links found in the runtime directory are never followed for writing or deleting.
 */
public final class GenerationWriter {
  static final int DIRECTORY_MODE = 0751;
  private static final String SWITCH_PREFIX = ".sops4j-switch-";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @param keepGenerations how many generations to keep (0: never prune), sops-nix {@code keepGenerations}
   * @param dryRun          write and compare, but do not switch the link (the new generation is removed)
   * @param directoryGid    group of the generation directories (sops-nix uses {@code keys}), or -1
   */
  public record Options(int keepGenerations, boolean dryRun, int directoryGid) {
    public Options {
      if (keepGenerations < 0) {
        throw new IllegalArgumentException("keepGenerations must not be negative");
      }
    }

    public static Options defaults() {
      return new Options(1, false, -1);
    }
  }

  /** The generation written, whether the live link now points to it, and what changed. */
  public record Result(int generation, Path directory, boolean switched, ChangeReport changes) {
  }

  /** The file system steps a fault test can make fail (package-private seam; production never fails one). */
  enum Step { CREATE_DIRECTORY, WRITE_FILE, SWITCH_LINK, PRUNE }

  /** Called just before a step touches {@code path}; throwing fails that step as the file system would. */
  @FunctionalInterface
  interface Faults {
    Faults NONE = (step, path) -> { };

    void before(Step step, Path path) throws IOException;
  }

  private final RuntimeLayout layout;
  private final Options options;
  private final Faults faults;

  public GenerationWriter(RuntimeLayout layout, Options options) {
    this(layout, options, Faults.NONE);
  }

  /** For fault tests: every step asks {@code faults} first. */
  GenerationWriter(RuntimeLayout layout, Options options, Faults faults) {
    this.layout = layout;
    this.options = options;
    this.faults = faults;
  }

  /** Writes {@code files} as the next generation and switches to it. */
  public Result install(List<InstallFile> files) throws InstallException {
    List<String> problems = InstallNames.problems(files);
    if (!problems.isEmpty()) {
      throw new InstallException(problems);
    }
    prepareMountPoint();
    OptionalInt live = layout.liveGeneration();
    int next = nextNumber(live);
    Path generation = layout.generation(next);
    String writing = null;
    try {
      removeLeftovers(generation);
      createDirectory(generation);
      for (InstallFile f : files) {
        writing = f.relativePath();
        write(generation, f);
      }
      writing = null;
      sync(generation);
    } catch (IOException e) {
      deleteQuietly(generation);
      // a failed write() often carries no path (ENOSPC on write): name the file being written
      String file = writing == null ? "" : " (writing '" + writing + "')";
      throw new InstallException("cannot write generation " + generation + file + ": " + describe(e), e);
    }
    ChangeReport changes = changes(live, generation, files);
    if (options.dryRun()) {
      deleteQuietly(generation);
      return new Result(next, generation, false, changes);
    }
    switchLink(generation);
    prune(next);
    return new Result(next, generation, true, changes);
  }

  private int nextNumber(OptionalInt live) throws InstallException {
    int highest = live.orElse(0);
    return Math.max(highest, 0) + 1;
  }

  /** Creates the mount point (0751) or checks that the existing one is a safe directory. */
  private void prepareMountPoint() throws InstallException {
    Path mount = layout.mountPoint();
    Path linkParent = layout.symlinkPath().toAbsolutePath().getParent();
    if (linkParent != null && Files.isSymbolicLink(linkParent)) {
      // the live link would be written wherever that link points: refuse rather than follow it
      throw new InstallException(List.of(linkParent + " (the directory of the live link) is a symbolic link: "
          + "refusing to follow it; give the real directory in symlinkPath"));
    }
    try {
      if (!Files.exists(mount, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(mount.getParent());
        createDirectory(mount);
        return;
      }
      if (Files.isSymbolicLink(mount) || !Files.isDirectory(mount, LinkOption.NOFOLLOW_LINKS)) {
        throw new InstallException(List.of(mount + " is not a directory (a symbolic link or a file is there)"));
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(mount, LinkOption.NOFOLLOW_LINKS);
      if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new InstallException(List.of(mount + " is writable by every user: refusing to install secrets there"));
      }
      int owner = (Integer) Files.getAttribute(mount, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      int self = ProcessIds.uid();
      if (owner != self && owner != 0) {
        throw new InstallException(List.of(mount + " belongs to another user (uid " + owner + ")"));
      }
    } catch (InstallException e) {
      throw e;
    } catch (IOException e) {
      throw new InstallException("cannot prepare the runtime directory " + mount + ": " + describe(e), e);
    }
  }

  /** Removes what a killed run may have left: the next generation's directory and temporary links. */
  private void removeLeftovers(Path generation) throws IOException {
    if (Files.exists(generation, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(generation);
    }
    Path parent = layout.symlinkPath().getParent();
    if (Files.isDirectory(parent)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, SWITCH_PREFIX + "*")) {
        for (Path entry : entries) {
          if (Files.isSymbolicLink(entry)) {
            Files.deleteIfExists(entry);
          }
        }
      }
    }
  }

  private void write(Path generation, InstallFile file) throws IOException {
    Path target = generation;
    String[] segments = file.relativePath().split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      target = target.resolve(segments[i]);
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        createDirectory(target);
      } else if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(target + " is not a directory");
      }
    }
    target = target.resolve(segments[segments.length - 1]);
    int mode = file.mode();
    // created with the final permission bits (the umask can only narrow them), never wider
    Set<PosixFilePermission> initial = permissions(mode & 0777);
    try (SeekableByteChannel channel = Files.newByteChannel(target,
        Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(initial))) {
      faults.before(Step.WRITE_FILE, target);
      ByteBuffer buffer = ByteBuffer.wrap(file.content());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (channel instanceof FileChannel fc) {
        fc.force(true);
      }
    }
    if (file.uid() >= 0 || file.gid() >= 0) {
      chown(target, file.uid(), file.gid());
    }
    Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  private void createDirectory(Path dir) throws IOException {
    faults.before(Step.CREATE_DIRECTORY, dir);
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(permissions(DIRECTORY_MODE)));
    if (options.directoryGid() >= 0) {
      chown(dir, -1, options.directoryGid());
    }
    Files.setAttribute(dir, "unix:mode", DIRECTORY_MODE, LinkOption.NOFOLLOW_LINKS);
  }

  private static void chown(Path path, int uid, int gid) throws IOException {
    if (uid >= 0) {
      Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    if (gid >= 0) {
      Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    return perms;
  }

  /** Flushes the generation's directories to disk before the link points at them. */
  private static void sync(Path generation) throws IOException {
    Files.walkFileTree(generation, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
          channel.force(true);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Replaces the live link by renaming a fresh link over it: readers see old or new, never neither. */
  private void switchLink(Path generation) throws InstallException {
    Path link = layout.symlinkPath();
    Path temporary = link.resolveSibling(SWITCH_PREFIX + HexFormat.of().formatHex(randomBytes()));
    try {
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(temporary, generation);
      faults.before(Step.SWITCH_LINK, temporary);
      Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new InstallException("cannot switch " + link + " to " + generation + ": " + describe(e), e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Removes numbered generations older than the newest {@code keepGenerations}; never the live one. */
  private void prune(int live) {
    int keep = options.keepGenerations();
    if (keep == 0) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.mountPoint())) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (RuntimeLayout.isNumber(name) && Integer.parseInt(name) <= live - keep) {
          faults.before(Step.PRUNE, entry);
          deleteQuietly(entry);
        }
      }
    } catch (IOException e) {
      // pruning is housekeeping: the install itself succeeded
    }
  }

  private ChangeReport changes(OptionalInt live, Path generation, List<InstallFile> files) {
    List<ChangeReport.Change> changes = new ArrayList<>();
    Path old = live.isPresent() ? layout.generation(live.getAsInt()) : null;
    Set<String> names = new HashSet<>();
    for (InstallFile f : files) {
      names.add(f.relativePath());
      Path before = old == null ? null : old.resolve(f.relativePath());
      if (before == null || !Files.isRegularFile(before, LinkOption.NOFOLLOW_LINKS)) {
        changes.add(new ChangeReport.Change(ChangeReport.Kind.ADDED, f.kind(), f.name()));
      } else if (!sameContent(before, f.content())) {
        changes.add(new ChangeReport.Change(ChangeReport.Kind.MODIFIED, f.kind(), f.name()));
      }
    }
    if (old != null && Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
      for (String removed : regularFiles(old)) {
        if (!names.contains(removed)) {
          boolean template = removed.startsWith("rendered/");
          changes.add(new ChangeReport.Change(ChangeReport.Kind.REMOVED,
              template ? InstallFile.Kind.TEMPLATE : InstallFile.Kind.SECRET,
              template ? removed.substring("rendered/".length()) : removed));
        }
      }
    }
    return new ChangeReport(changes, options.dryRun());
  }

  private static boolean sameContent(Path file, byte[] content) {
    try {
      return Arrays.equals(Files.readAllBytes(file), content);
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> regularFiles(Path root) {
    List<String> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            out.add(root.relativize(file).toString());
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // an unreadable old generation only makes the report shorter
    }
    return out;
  }

  /** Deletes a tree without following symbolic links (a link is removed, not its target). */
  static void deleteTree(Path root) throws IOException {
    if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteQuietly(Path path) {
    try {
      deleteTree(path);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      // best effort: the next run removes leftovers
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
