package dev.sops4j.install;

import dev.sops4j.template.PlaceholderIndex;
import dev.sops4j.template.Placeholders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to install: sops-nix's manifest ({@code sops-install-secrets}' input) as an immutable value.
 * The constructor fills the defaults of the NixOS module, including each secret's and template's
 * default {@code path} from {@code symlinkPath}; it never rejects anything, so that
 * {@link ManifestValidator} can report every problem at once.
 *
 * @param secrets                 the secrets, in order
 * @param templates               the templates, in order
 * @param secretsMountPoint       directory holding the generations {@code <mount>/<N>} (default
 *                                {@code /run/secrets.d})
 * @param symlinkPath             the live link to the current generation (default {@code /run/secrets})
 * @param keepGenerations         how many generations to keep, 0 = never prune (default 1)
 * @param sshKeyPaths             SSH RSA keys imported as PGP keys
 * @param gnupgHome               a GnuPG home with the PGP keys, or {@code null}
 * @param ageKeyFile              an age identity file, or {@code null}
 * @param ageSshKeyPaths          SSH ed25519 keys used as age identities
 * @param useTmpfs                sops-nix mounts tmpfs instead of ramfs (sops4j mounts nothing)
 * @param userMode                no ownership changes; {@code %r} in paths is the runtime directory
 * @param logging                 what to print (default both)
 * @param placeholderBySecretName placeholder strings by secret name as sops-nix's module wrote them;
 *                                names missing here use {@link Placeholders#sopsNix(String)}
 * @param warnings                remarks from reading the manifest (e.g. an unknown format read as
 *                                yaml); empty when built in Java
 */
public record Manifest(List<SecretSpec> secrets, List<TemplateSpec> templates,
    String secretsMountPoint, String symlinkPath, int keepGenerations, List<String> sshKeyPaths,
    String gnupgHome, String ageKeyFile, List<String> ageSshKeyPaths, boolean useTmpfs,
    boolean userMode, Logging logging, Map<String, String> placeholderBySecretName,
    List<String> warnings) {

  /** Default {@link #secretsMountPoint()}. */
  public static final String DEFAULT_MOUNT_POINT = "/run/secrets.d";
  /** Default {@link #symlinkPath()}. */
  public static final String DEFAULT_SYMLINK_PATH = "/run/secrets";
  /** Default {@link #keepGenerations()}. */
  public static final int DEFAULT_KEEP_GENERATIONS = 1;
  /** Sub-directory of a generation holding the rendered templates. */
  public static final String RENDERED_DIR = "rendered";

  /** Fills defaults, copies every collection and gives each secret and template its default path. */
  public Manifest {
    secretsMountPoint = emptyToNull(secretsMountPoint) == null ? DEFAULT_MOUNT_POINT
        : secretsMountPoint;
    symlinkPath = emptyToNull(symlinkPath) == null ? DEFAULT_SYMLINK_PATH : symlinkPath;
    String root = stripTrailingSlashes(symlinkPath);
    List<SecretSpec> withPaths = new ArrayList<>();
    for (SecretSpec s : secrets == null ? List.<SecretSpec>of() : secrets) {
      withPaths.add(s.path() != null ? s : s.withPath(root + "/" + s.name()));
    }
    secrets = List.copyOf(withPaths);
    List<TemplateSpec> templatesWithPaths = new ArrayList<>();
    for (TemplateSpec t : templates == null ? List.<TemplateSpec>of() : templates) {
      templatesWithPaths.add(t.path() != null ? t
          : t.withPath(root + "/" + RENDERED_DIR + "/" + t.name()));
    }
    templates = List.copyOf(templatesWithPaths);
    sshKeyPaths = sshKeyPaths == null ? List.of() : List.copyOf(sshKeyPaths);
    gnupgHome = emptyToNull(gnupgHome);
    ageKeyFile = emptyToNull(ageKeyFile);
    ageSshKeyPaths = ageSshKeyPaths == null ? List.of() : List.copyOf(ageSshKeyPaths);
    logging = logging == null ? Logging.DEFAULT : logging;
    placeholderBySecretName = placeholderBySecretName == null ? Map.of()
        : Map.copyOf(placeholderBySecretName);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks this manifest without decryption or system lookups, reading template files from disk.
   *
   * @param source how to name the manifest in the message (its file name, or e.g. {@code "builder"})
   * @throws ManifestException listing every problem
   */
  public void validate(String source) throws ManifestException {
    ManifestValidator.validate(this, source, TemplateSpec.FileReader.DISK);
  }

  /** The secret named {@code name}. */
  public Optional<SecretSpec> secret(String name) {
    return secrets.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The template named {@code name}. */
  public Optional<TemplateSpec> template(String name) {
    return templates.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The secrets grouped by SOPS file, files in order of first use and secrets in manifest order: the
   * engine decrypts each file once, however many secrets use it.
   */
  public Map<String, List<SecretSpec>> secretsBySopsFile() {
    Map<String, List<SecretSpec>> out = new LinkedHashMap<>();
    for (SecretSpec s : secrets) {
      out.computeIfAbsent(s.sopsFile() == null ? "" : s.sopsFile(), k -> new ArrayList<>()).add(s);
    }
    out.replaceAll((file, list) -> List.copyOf(list));
    return Collections.unmodifiableMap(out);
  }

  /** The sops-nix placeholder of a secret: the manifest's own string, else the standard one. */
  public String placeholderFor(String secretName) {
    String given = placeholderBySecretName.get(secretName);
    return given != null && !given.isEmpty() ? given : Placeholders.sopsNix(secretName);
  }

  /** The placeholders templates may use: every secret name, and any overridden sops-nix strings. */
  public PlaceholderIndex placeholderIndex() {
    return PlaceholderIndex.of(secrets.stream().map(SecretSpec::name).toList(),
        placeholderBySecretName);
  }

  /** Where a secret is written in generation directory {@code generationDir}. */
  public String generationPath(String generationDir, SecretSpec secret) {
    return stripTrailingSlashes(generationDir) + "/" + secret.name();
  }

  /** Where a template is rendered in generation directory {@code generationDir}. */
  public String generationPath(String generationDir, TemplateSpec template) {
    return stripTrailingSlashes(generationDir) + "/" + RENDERED_DIR + "/" + template.name();
  }

  /**
   * This manifest with {@code %r} replaced by {@code runtimeDir} and {@code %%} by {@code %} in the
   * mount point, the symlink path and every secret and template path, as sops-nix does in user mode.
   */
  public Manifest withRuntimeDir(String runtimeDir) {
    List<SecretSpec> s = secrets.stream()
        .map(x -> x.withPath(expandRuntimeDir(x.path(), runtimeDir))).toList();
    List<TemplateSpec> t = templates.stream()
        .map(x -> x.withPath(expandRuntimeDir(x.path(), runtimeDir))).toList();
    return new Manifest(s, t, expandRuntimeDir(secretsMountPoint, runtimeDir),
        expandRuntimeDir(symlinkPath, runtimeDir), keepGenerations, sshKeyPaths, gnupgHome,
        ageKeyFile, ageSshKeyPaths, useTmpfs, userMode, logging, placeholderBySecretName, warnings);
  }

  /** {@code %r} → {@code runtimeDir}, {@code %%} → {@code %}; other text unchanged. */
  static String expandRuntimeDir(String text, String runtimeDir) {
    StringBuilder out = new StringBuilder();
    String[] parts = text.split("%%", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('%');
      }
      out.append(parts[i].replace("%r", runtimeDir));
    }
    return out.toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String stripTrailingSlashes(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Fluent construction of a {@link Manifest}; unset fields take the NixOS module's defaults. */
  public static final class Builder {
    private final List<SecretSpec> secrets = new ArrayList<>();
    private final List<TemplateSpec> templates = new ArrayList<>();
    private String secretsMountPoint;
    private String symlinkPath;
    private int keepGenerations = DEFAULT_KEEP_GENERATIONS;
    private final List<String> sshKeyPaths = new ArrayList<>();
    private String gnupgHome;
    private String ageKeyFile;
    private final List<String> ageSshKeyPaths = new ArrayList<>();
    private boolean useTmpfs;
    private boolean userMode;
    private Logging logging = Logging.DEFAULT;
    private final Map<String, String> placeholderBySecretName = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Builder() {
    }

    /** Adds a secret. */
    public Builder secret(SecretSpec secret) {
      secrets.add(secret);
      return this;
    }

    /** Adds a template. */
    public Builder template(TemplateSpec template) {
      templates.add(template);
      return this;
    }

    /** The directory holding the generations. */
    public Builder secretsMountPoint(String value) {
      this.secretsMountPoint = value;
      return this;
    }

    /** The live link to the current generation. */
    public Builder symlinkPath(String value) {
      this.symlinkPath = value;
      return this;
    }

    /** How many generations to keep (0 = never prune). */
    public Builder keepGenerations(int value) {
      this.keepGenerations = value;
      return this;
    }

    /** Adds an SSH RSA key imported as a PGP key. */
    public Builder sshKeyPath(String value) {
      sshKeyPaths.add(value);
      return this;
    }

    /** The GnuPG home. */
    public Builder gnupgHome(String value) {
      this.gnupgHome = value;
      return this;
    }

    /** The age identity file. */
    public Builder ageKeyFile(String value) {
      this.ageKeyFile = value;
      return this;
    }

    /** Adds an SSH ed25519 key used as an age identity. */
    public Builder ageSshKeyPath(String value) {
      ageSshKeyPaths.add(value);
      return this;
    }

    /** Whether sops-nix would mount tmpfs instead of ramfs. */
    public Builder useTmpfs(boolean value) {
      this.useTmpfs = value;
      return this;
    }

    /** User mode: no ownership changes, {@code %r} expands to the runtime directory. */
    public Builder userMode(boolean value) {
      this.userMode = value;
      return this;
    }

    /** What to print. */
    public Builder logging(boolean keyImport, boolean secretChanges) {
      this.logging = new Logging(keyImport, secretChanges);
      return this;
    }

    /** Overrides the sops-nix placeholder string of a secret. */
    public Builder placeholder(String secretName, String placeholder) {
      placeholderBySecretName.put(secretName, placeholder);
      return this;
    }

    /** Adds a reading remark (used by {@link ManifestReader}). */
    Builder warning(String text) {
      warnings.add(text);
      return this;
    }

    /** The manifest (never rejected here: see {@link ManifestValidator}). */
    public Manifest build() {
      return new Manifest(secrets, templates, secretsMountPoint, symlinkPath, keepGenerations,
          sshKeyPaths, gnupgHome, ageKeyFile, ageSshKeyPaths, useTmpfs, userMode, logging,
          placeholderBySecretName, warnings);
    }
  }
}
