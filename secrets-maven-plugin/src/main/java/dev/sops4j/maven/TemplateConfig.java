package dev.sops4j.maven;

import dev.sops4j.install.TemplateSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <template>} of the {@code materialize} and {@code check} goals, sops-nix's
 * {@code sops.templates.<name>}: a text ({@code content}, or a {@code file}) whose placeholders
 * {@code {{ sops:<secret name> }}} (or sops-nix's {@code <SOPS:…:PLACEHOLDER>}) are replaced by the
 * secrets' values. Maven interpolates {@code ${…}} in {@code content} before the goal sees it and
 * leaves the {@code {{ … }}} placeholders alone.
 */
public class TemplateConfig {
  private String name;
  private String content;
  private File file;
  private String mode;
  private String owner;
  private String group;
  private Integer uid;
  private Integer gid;
  private File path;
  private List<String> restartUnits = new ArrayList<>();

  /** The file name under {@code <generation>/rendered/}. */
  public void setName(String name) {
    this.name = name;
  }

  /** The template text (Maven trims it unless the element has {@code xml:space="preserve"}). */
  public void setContent(String content) {
    this.content = content;
  }

  /** A file holding the template, used when {@code content} is empty. */
  public void setFile(File file) {
    this.file = file;
  }

  /** The octal file mode, e.g. {@code 0440}. */
  public void setMode(String mode) {
    this.mode = mode;
  }

  /** The owning user's name (makes the goal leave user mode: needs root). */
  public void setOwner(String owner) {
    this.owner = owner;
  }

  /** The owning group's name (makes the goal leave user mode: needs root). */
  public void setGroup(String group) {
    this.group = group;
  }

  /** The owning uid when no owner is named. */
  public void setUid(Integer uid) {
    this.uid = uid;
  }

  /** The owning gid when no group is named. */
  public void setGid(Integer gid) {
    this.gid = gid;
  }

  /** Another place where the rendered file is visible (a symbolic link into the live generation). */
  public void setPath(File path) {
    this.path = path;
  }

  /** Units to restart when the rendered file changes (reported, never restarted by the goal). */
  public void setRestartUnits(List<String> restartUnits) {
    this.restartUnits = restartUnits == null ? new ArrayList<>() : restartUnits;
  }

  /** The name as configured ({@code null} when missing). */
  public String getName() {
    return name;
  }

  /** Whether an owner, group, uid or gid is configured (then files are chowned). */
  boolean setsOwnership() {
    return owner != null || group != null || uid != null || gid != null;
  }

  /** The engine's spec. */
  TemplateSpec toSpec() {
    TemplateSpec.Builder b = TemplateSpec.builder(name == null ? "" : name.strip())
        .content(content == null ? "" : content)
        .owner(owner).group(group)
        .uid(uid == null ? 0 : uid).gid(gid == null ? 0 : gid)
        .restartUnits(restartUnits);
    if (file != null) {
      b.file(file.getAbsolutePath());
    }
    if (mode != null) {
      b.mode(mode.strip());
    }
    if (path != null) {
      b.path(path.getAbsolutePath());
    }
    return b.build();
  }

  /** Names the template and its file, never its content (which may be sensitive configuration). */
  @Override
  public String toString() {
    return "TemplateConfig[name=" + name + ", file=" + file + ", mode=" + mode + ", path=" + path + "]";
  }
}
