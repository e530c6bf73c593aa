package dev.sops4j.install;

import dev.sops4j.template.PlaceholderIndex;
import dev.sops4j.template.Template;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Static checks of a {@link Manifest}: everything that can be known without decrypting, without
 * reading SOPS files and without looking up users or groups. Every problem is collected (sops-nix
 * stops at the first, its issue 972). Only template {@code file}s are read, through the given reader.
 *
 * <p>Checked: mount point and symlink path; {@code keepGenerations >= 0}; {@code gnupgHome} not
 * combined with {@code sshKeyPaths} or {@code ageKeyFile}; names (not empty, not absolute, no
 * {@code .}, {@code ..} or empty segments, no name both a file and a directory, no secret under
 * {@code rendered/} when there are templates, no duplicates); paths absolute, distinct, not the
 * symlink path and not inside the mount point; modes
 * octal and at most 07777; {@code sopsFile} present; formats known and the same for every secret of
 * one SOPS file; keys without empty segments; {@code owner} with a non-zero {@code uid} (and
 * {@code group} with a non-zero {@code gid}), as the NixOS module asserts; negative ids; templates
 * with content or a readable file whose placeholders all name secrets of the manifest.
 */
public final class ManifestValidator {

  private ManifestValidator() {
  }

  /**
   * Checks {@code manifest}.
   *
   * @param source how to name the manifest in the message
   * @param files  reads template files
   * @throws ManifestException listing every problem
   */
  public static void validate(Manifest manifest, String source, TemplateSpec.FileReader files)
      throws ManifestException {
    List<ManifestProblem> problems = problems(manifest, files);
    if (!problems.isEmpty()) {
      throw new ManifestException(source, problems);
    }
  }

  /** Every problem of {@code manifest}, in order: manifest settings, secrets, templates. */
  public static List<ManifestProblem> problems(Manifest manifest, TemplateSpec.FileReader files) {
    List<ManifestProblem> out = new ArrayList<>();
    checkSettings(manifest, out);
    Map<String, String> pathOwners = new HashMap<>();
    checkSecrets(manifest, pathOwners, out);
    checkTemplates(manifest, files, pathOwners, out);
    return out;
  }

  private static void checkSettings(Manifest m, List<ManifestProblem> out) {
    String subject = "manifest";
    checkRootPath(m, "secretsMountPoint", m.secretsMountPoint(), subject, out);
    checkRootPath(m, "symlinkPath", m.symlinkPath(), subject, out);
    if (m.secretsMountPoint().equals(m.symlinkPath())) {
      out.add(new ManifestProblem(subject, "secretsMountPoint and symlinkPath are the same path '"
          + m.symlinkPath() + "'"));
    }
    if (m.keepGenerations() < 0) {
      out.add(new ManifestProblem(subject, "keepGenerations is " + m.keepGenerations()
          + "; it must be 0 (never prune) or more"));
    }
    if (m.gnupgHome() != null && !m.sshKeyPaths().isEmpty()) {
      out.add(new ManifestProblem(subject,
          "gnupgHome and sshKeyPaths were both specified; they are mutually exclusive"));
    }
    if (m.gnupgHome() != null && m.ageKeyFile() != null) {
      out.add(new ManifestProblem(subject,
          "gnupgHome and ageKeyFile were both specified; they are mutually exclusive"));
    }
  }

  private static void checkRootPath(Manifest m, String field, String value, String subject,
      List<ManifestProblem> out) {
    if (!isAbsolute(m, value)) {
      out.add(new ManifestProblem(subject, field + " '" + value + "' is not an absolute path"
          + (m.userMode() ? " (or one starting with %r)" : "")));
    }
  }

  private static void checkSecrets(Manifest m, Map<String, String> pathOwners,
      List<ManifestProblem> out) {
    Map<String, Integer> names = new HashMap<>();
    Map<String, SecretSpec> firstBySopsFile = new HashMap<>();
    for (SecretSpec s : m.secrets()) {
      String subject = "secret '" + s.name() + "'";
      boolean nameOk = checkName(s.name(), subject, out);
      if (names.merge(s.name(), 1, Integer::sum) == 2) {
        out.add(new ManifestProblem(subject, "is defined more than once"));
      }
      if (nameOk && !m.templates().isEmpty() && (s.name().equals(Manifest.RENDERED_DIR)
          || s.name().startsWith(Manifest.RENDERED_DIR + "/"))) {
        out.add(new ManifestProblem(subject, "collides with the directory '"
            + Manifest.RENDERED_DIR + "' that holds the rendered templates"));
      }
      checkPath(m, s.path(), subject, pathOwners, out);
      checkMode(s.mode(), subject, out);
      checkOwnership(s.owner(), s.uid(), s.group(), s.gid(), subject, out);
      if (s.sopsFile() == null || s.sopsFile().isEmpty()) {
        out.add(new ManifestProblem(subject, "has no sopsFile"));
      }
      if (SecretFormats.of(s.format()).isEmpty()) {
        out.add(new ManifestProblem(subject, "unknown format '" + s.format() + "' (expected one of "
            + String.join(", ", SecretFormats.NAMES) + ")"));
      } else if (s.sopsFile() != null && !s.sopsFile().isEmpty()) {
        SecretSpec first = firstBySopsFile.putIfAbsent(s.sopsFile(), s);
        if (first != null && !first.format().equals(s.format())) {
          out.add(new ManifestProblem(subject, "defines the format of " + s.sopsFile() + " as "
              + s.format() + ", but it was specified as " + first.format() + " in secret '"
              + first.name() + "' before"));
        }
      }
      boolean keyIsBadName = !nameOk && s.key().equals(s.name());
      if (s.usesKey() && !s.key().isEmpty() && !keyIsBadName && hasEmptySegment(s.key())) {
        out.add(new ManifestProblem(subject, "key '" + s.key()
            + "' has an empty segment (leading, trailing or doubled '/')"));
      }
    }
    checkFileDirectoryClashes(m.secrets().stream().map(SecretSpec::name).toList(), "secret", out);
  }

  private static void checkTemplates(Manifest m, TemplateSpec.FileReader files,
      Map<String, String> pathOwners, List<ManifestProblem> out) {
    Map<String, Integer> names = new HashMap<>();
    PlaceholderIndex index = m.placeholderIndex();
    for (TemplateSpec t : m.templates()) {
      String subject = "template '" + t.name() + "'";
      checkName(t.name(), subject, out);
      if (names.merge(t.name(), 1, Integer::sum) == 2) {
        out.add(new ManifestProblem(subject, "is defined more than once"));
      }
      checkPath(m, t.path(), subject, pathOwners, out);
      checkMode(t.mode(), subject, out);
      checkOwnership(t.owner(), t.uid(), t.group(), t.gid(), subject, out);
      if (!t.hasSource()) {
        out.add(new ManifestProblem(subject, "neither content nor file was specified"));
        continue;
      }
      byte[] text;
      try {
        text = t.text(files);
      } catch (IOException e) {
        out.add(new ManifestProblem(subject, "cannot read template file '" + t.file() + "' ("
            + e.getClass().getSimpleName() + ")"));
        continue;
      }
      for (String problem : Template.parse(t.name(), text, index).problems()) {
        out.add(new ManifestProblem(subject, problem));
      }
    }
    checkFileDirectoryClashes(m.templates().stream().map(TemplateSpec::name).toList(), "template",
        out);
  }

  /** Reports a name that escapes the generation directory; true when the name is usable. */
  private static boolean checkName(String name, String subject, List<ManifestProblem> out) {
    String problem = null;
    if (name.isEmpty()) {
      problem = "has an empty name";
    } else if (name.startsWith("/")) {
      problem = "name is absolute; names are relative to the generation directory";
    } else if (name.indexOf('\0') >= 0) {
      problem = "name contains a NUL character";
    } else {
      for (String segment : name.split("/", -1)) {
        if (segment.isEmpty()) {
          problem = "name has an empty segment (trailing or doubled '/')";
        } else if (segment.equals("..") || segment.equals(".")) {
          problem = "name has a '" + segment + "' segment and would escape or alias the "
              + "generation directory";
        }
        if (problem != null) {
          break;
        }
      }
    }
    if (problem != null) {
      out.add(new ManifestProblem(subject, problem));
      return false;
    }
    return true;
  }

  private static void checkFileDirectoryClashes(List<String> names, String kind,
      List<ManifestProblem> out) {
    TreeSet<String> sorted = new TreeSet<>(names);
    for (String name : sorted) {
      String child = sorted.ceiling(name + "/");
      if (child != null && child.startsWith(name + "/")) {
        out.add(new ManifestProblem(kind + " '" + name + "'", "is a file but " + kind + " '"
            + child + "' needs it to be a directory"));
      }
    }
  }

  private static void checkPath(Manifest m, String path, String subject,
      Map<String, String> pathOwners, List<ManifestProblem> out) {
    if (!isAbsolute(m, path)) {
      out.add(new ManifestProblem(subject, "path '" + path + "' is not absolute"));
      return;
    }
    String mount = m.secretsMountPoint();
    if (path.startsWith(mount.endsWith("/") ? mount : mount + "/")) {
      out.add(new ManifestProblem(subject, "path '" + path + "' is inside secretsMountPoint '"
          + mount + "', where generations are created and pruned"));
    }
    if (path.equals(m.symlinkPath()) || path.equals(mount)) {
      out.add(new ManifestProblem(subject, "path '" + path
          + "' is the symlink path or the mount point itself"));
      return;
    }
    String before = pathOwners.putIfAbsent(path, subject);
    if (before != null && !before.equals(subject)) {
      out.add(new ManifestProblem(subject, "path '" + path + "' is also the path of " + before));
    }
  }

  private static void checkMode(String mode, String subject, List<ManifestProblem> out) {
    OptionalInt bits = FileModes.parse(mode);
    if (bits.isEmpty()) {
      out.add(new ManifestProblem(subject, "mode '" + mode
          + "' is not an octal number between 0000 and 07777"));
    }
  }

  private static void checkOwnership(String owner, int uid, String group, int gid, String subject,
      List<ManifestProblem> out) {
    if (owner != null && owner.isEmpty()) {
      out.add(new ManifestProblem(subject, "owner is empty"));
    }
    if (group != null && group.isEmpty()) {
      out.add(new ManifestProblem(subject, "group is empty"));
    }
    if (owner != null && uid != 0) {
      out.add(new ManifestProblem(subject, "both owner '" + owner + "' and uid " + uid
          + " are set; use either owner or leave uid as 0"));
    }
    if (group != null && gid != 0) {
      out.add(new ManifestProblem(subject, "both group '" + group + "' and gid " + gid
          + " are set; use either group or leave gid as 0"));
    }
    if (uid < 0) {
      out.add(new ManifestProblem(subject, "uid " + uid + " is negative"));
    }
    if (gid < 0) {
      out.add(new ManifestProblem(subject, "gid " + gid + " is negative"));
    }
  }

  private static boolean isAbsolute(Manifest m, String path) {
    return path != null && (path.startsWith("/") || (m.userMode() && path.startsWith("%r")));
  }

  private static boolean hasEmptySegment(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
