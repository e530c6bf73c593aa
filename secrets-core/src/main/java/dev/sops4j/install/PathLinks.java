package dev.sops4j.install;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code path} links: a secret or template whose {@code path} is not its default place under the live
 * link gets a symbolic link at {@code path} pointing to {@code <symlinkPath>/<name>} (or
 * {@code <symlinkPath>/rendered/<name>}), so it follows every later switch, as in sops-nix.
 *
 * <p>Unlike sops-nix, which replaces whatever is at {@code path}, only a symbolic link is replaced
 * (atomically: a new link renamed over it); a regular file or directory there is a validation problem,
 * reported before anything is written.
 */
final class PathLinks {
  private static final String TEMP_PREFIX = ".sops4j-link-";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One link to make: where, to what, and its owner (-1: unchanged). */
  record Link(String subject, Path path, Path target, int uid, int gid) {
  }

  private PathLinks() {
  }

  /** The links {@code manifest} asks for, with each file's owner for the link itself. */
  static List<Link> plan(Manifest manifest, Owners owners) {
    Path live = Path.of(manifest.symlinkPath());
    List<Link> links = new ArrayList<>();
    for (SecretSpec s : manifest.secrets()) {
      Owners.Ids ids = owners.secret(s.name());
      add(links, "secret '" + s.name() + "'", s.path(), live.resolve(s.name()), ids);
    }
    for (TemplateSpec t : manifest.templates()) {
      Owners.Ids ids = owners.template(t.name());
      add(links, "template '" + t.name() + "'", t.path(), live.resolve(Manifest.RENDERED_DIR).resolve(t.name()),
          ids);
    }
    return links;
  }

  private static void add(List<Link> links, String subject, String path, Path target, Owners.Ids ids) {
    if (path == null) {
      return;
    }
    Path at = Path.of(path).normalize();
    if (!at.equals(target.normalize())) {
      links.add(new Link(subject, at, target, ids.uid(), ids.gid()));
    }
  }

  /** Adds a problem for every link whose place holds something that is not a symbolic link. */
  static void check(List<Link> links, List<ManifestProblem> problems) {
    for (Link link : links) {
      if (Files.exists(link.path(), LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link.path())) {
        problems.add(new ManifestProblem(link.subject(), "path '" + link.path() + "' exists and is not a "
            + "symbolic link: move it away (sops4j replaces only links)"));
      }
      for (Path parent = link.path().getParent(); parent != null; parent = parent.getParent()) {
        if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
          if (!Files.isDirectory(parent)) {
            problems.add(new ManifestProblem(link.subject(), "path '" + link.path() + "' cannot be created: '"
                + parent + "' is not a directory"));
          }
          break;
        }
      }
    }
  }

  /**
   * Creates or replaces every link (a link already pointing to its target is left alone) and sets its
   * owner when {@code chown}.
   *
   * @return the links created or replaced
   * @throws InstallException listing every link that failed (the others are made)
   */
  static List<Path> create(List<Link> links, boolean chown) throws InstallException {
    List<Path> made = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Link link : links) {
      try {
        if (make(link, chown)) {
          made.add(link.path());
        }
      } catch (IOException e) {
        failures.add(link.subject() + ": cannot create the link " + link.path() + " (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
      }
    }
    if (!failures.isEmpty()) {
      throw new InstallException(failures);
    }
    return made;
  }

  private static boolean make(Link link, boolean chown) throws IOException {
    Path path = link.path();
    if (Files.isSymbolicLink(path) && Files.readSymbolicLink(path).equals(link.target())) {
      return false;
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
      throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a symbolic link");
    }
    Files.createDirectories(path.getParent());
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    Path temporary = path.resolveSibling(TEMP_PREFIX + HexFormat.of().formatHex(random));
    Files.createSymbolicLink(temporary, link.target());
    try {
      if (chown && link.uid() >= 0) {
        Files.setAttribute(temporary, "unix:uid", link.uid(), LinkOption.NOFOLLOW_LINKS);
      }
      if (chown && link.gid() >= 0) {
        Files.setAttribute(temporary, "unix:gid", link.gid(), LinkOption.NOFOLLOW_LINKS);
      }
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    return true;
  }
}
