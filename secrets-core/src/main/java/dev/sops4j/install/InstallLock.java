package dev.sops4j.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock held while one install writes, switches and links, so that two installs of the same
 * live link (two processes, two threads, or a timer and a manual run) never write the same generation
 * number at once: the second waits for the first. Between processes it is a file lock on
 * {@code .<link name>.sops4j-lock} beside the live link (0600, never followed if it is a symbolic link,
 * kept afterwards: deleting lock files races); within this process a lock per path (file locks are held
 * per process, not per thread).
 */
final class InstallLock implements AutoCloseable {
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private final ReentrantLock thread;
  private final FileChannel channel;
  private final FileLock lock;

  private InstallLock(ReentrantLock thread, FileChannel channel, FileLock lock) {
    this.thread = thread;
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits for and takes the lock of {@code symlinkPath}. */
  static InstallLock acquire(Path symlinkPath) throws InstallException {
    Path file = symlinkPath.resolveSibling("." + symlinkPath.getFileName() + ".sops4j-lock");
    ReentrantLock thread = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    thread.lock();
    FileChannel channel = null;
    try {
      Files.createDirectories(symlinkPath.getParent());
      channel = FileChannel.open(file, Set.<OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS), OWNER_ONLY);
      return new InstallLock(thread, channel, channel.lock());
    } catch (IOException e) {
      closeQuietly(channel);
      thread.unlock();
      throw new InstallException("cannot lock " + file + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    thread.unlock();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }
}
