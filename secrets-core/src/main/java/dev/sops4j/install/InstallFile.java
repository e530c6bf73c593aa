package dev.sops4j.install;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file of a generation: a secret (at {@code <generation>/<name>}) or a rendered template (at
 * {@code <generation>/rendered/<name>}), its content, mode and owner. {@link #toString()} never prints
 * the content.
 *
 * @param kind    secret or rendered template
 * @param name    the relative name; may contain {@code /} (sub-directories), never {@code ..} or a leading {@code /}
 * @param content the bytes to write
 * @param mode    permission bits, e.g. {@code 0400}
 * @param uid     owner to set, or -1 to keep the installing process's
 * @param gid     group to set, or -1 to keep the installing process's
 */
public record InstallFile(Kind kind, String name, byte[] content, int mode, int uid, int gid) {

  /** What the file is; templates live under {@code rendered/}. */
  public enum Kind {
    SECRET(""), TEMPLATE("rendered/");

    private final String directory;

    Kind(String directory) {
      this.directory = directory;
    }

    /** The file's path relative to the generation directory. */
    public String relativePath(String name) {
      return directory + name;
    }

    /** "secret" or "rendered secret", as sops-nix's change lines say. */
    public String label() {
      return this == SECRET ? "secret" : "rendered secret";
    }
  }

  public InstallFile {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    content = content.clone();
    if ((mode & ~07777) != 0) {
      throw new IllegalArgumentException("mode out of range for " + name);
    }
  }

  public static InstallFile secret(String name, byte[] content, int mode) {
    return new InstallFile(Kind.SECRET, name, content, mode, -1, -1);
  }

  public static InstallFile template(String name, byte[] content, int mode) {
    return new InstallFile(Kind.TEMPLATE, name, content, mode, -1, -1);
  }

  public InstallFile withOwner(int newUid, int newGid) {
    return new InstallFile(kind, name, content, mode, newUid, newGid);
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  /** The path relative to the generation directory. */
  public String relativePath() {
    return kind.relativePath(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InstallFile f && kind == f.kind && name.equals(f.name) && Arrays.equals(content, f.content)
        && mode == f.mode && uid == f.uid && gid == f.gid;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, mode, uid, gid, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "InstallFile[" + relativePath() + ", mode " + String.format("%04o", mode) + ", " + content.length
        + " bytes]";
  }
}
