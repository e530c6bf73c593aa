package dev.sops4j.install;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the owner and group of every secret and template to numeric ids, as sops-install-secrets
 * does: an {@code owner} name is looked up in the passwd database and an absent {@code group} then
 * defaults to the owner's primary group; without names the {@code uid}/{@code gid} fields are used
 * as they are (they need not exist). Unknown names are problems, all reported together.
 */
final class Owners {
  /** The ids a file gets; -1 keeps the installing process's (user mode). */
  record Ids(int uid, int gid) {
    static final Ids KEEP = new Ids(-1, -1);
    static final Ids ROOT = new Ids(0, 0);
  }

  private final Map<String, Ids> secrets = new HashMap<>();
  private final Map<String, Ids> templates = new HashMap<>();

  private Owners() {
  }

  /** Every file keeps the process's owner (user mode: no chown). */
  static Owners keep(Manifest manifest) {
    return fixed(manifest, Ids.KEEP);
  }

  /** Every file belongs to root (sops-nix {@code -ignore-passwd}). */
  static Owners root(Manifest manifest) {
    return fixed(manifest, Ids.ROOT);
  }

  private static Owners fixed(Manifest manifest, Ids ids) {
    Owners owners = new Owners();
    manifest.secrets().forEach(s -> owners.secrets.put(s.name(), ids));
    manifest.templates().forEach(t -> owners.templates.put(t.name(), ids));
    return owners;
  }

  /** Looks up every owner and group name in {@code accounts}; unknown names are added to {@code problems}. */
  static Owners lookUp(Manifest manifest, SystemAccounts accounts, List<ManifestProblem> problems) {
    Owners owners = new Owners();
    for (SecretSpec s : manifest.secrets()) {
      owners.secrets.put(s.name(), resolve("secret '" + s.name() + "'", s.owner(), s.uid(), s.group(), s.gid(),
          accounts, problems));
    }
    for (TemplateSpec t : manifest.templates()) {
      owners.templates.put(t.name(), resolve("template '" + t.name() + "'", t.owner(), t.uid(), t.group(),
          t.gid(), accounts, problems));
    }
    return owners;
  }

  private static Ids resolve(String subject, String owner, int uid, String group, int gid,
      SystemAccounts accounts, List<ManifestProblem> problems) {
    int resolvedUid = uid;
    int resolvedGid = gid;
    Optional<SystemAccounts.User> user = Optional.empty();
    if (owner != null && !owner.isEmpty()) {
      user = accounts.user(owner);
      if (user.isEmpty()) {
        problems.add(new ManifestProblem(subject, "owner '" + owner + "' is not a user of this system"));
      } else {
        resolvedUid = user.get().uid();
      }
    }
    if (group != null && !group.isEmpty()) {
      Optional<Integer> found = accounts.group(group);
      if (found.isEmpty()) {
        problems.add(new ManifestProblem(subject, "group '" + group + "' is not a group of this system"));
      } else {
        resolvedGid = found.get();
      }
    } else if (user.isPresent()) {
      resolvedGid = user.get().gid();
    }
    return new Ids(resolvedUid, resolvedGid);
  }

  /**
   * The group of the generation directories: {@code keys}, else {@code nogroup} (sops-nix's choice), else
   * -1 (the process's group; sops-nix fails there, sops4j only warns).
   */
  static int directoryGroup(SystemAccounts accounts, List<String> warnings) {
    Optional<Integer> keys = accounts.group("keys");
    if (keys.isPresent()) {
      return keys.get();
    }
    Optional<Integer> nogroup = accounts.group("nogroup");
    if (nogroup.isPresent()) {
      return nogroup.get();
    }
    warnings.add("neither group 'keys' nor 'nogroup' exists: generation directories keep the group of "
        + "the installing process");
    return -1;
  }

  Ids secret(String name) {
    return secrets.getOrDefault(name, Ids.KEEP);
  }

  Ids template(String name) {
    return templates.getOrDefault(name, Ids.KEEP);
  }
}
