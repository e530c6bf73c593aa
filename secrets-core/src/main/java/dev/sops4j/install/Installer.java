package dev.sops4j.install;

import dev.sops4j.keys.FoundIdentity;
import dev.sops4j.keys.KeyProblem;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.keys.KeySource;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.template.PlaceholderIndex;
import dev.sops4j.template.Template;
import dev.sops4j.template.TemplateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The install engine, sops-nix's {@code sops-install-secrets} for the JVM: the one entry point of the
 * CLI, the Maven plugin and the testkit.
 *
 * <p>Validate first, then act. Every check runs before anything is written, and all problems of all
 * checks are reported together in one {@link ManifestException}:
 * <ol>
 *   <li>user mode: {@code %r} expanded to {@code XDG_RUNTIME_DIR};</li>
 *   <li>the manifest alone ({@link ManifestValidator});</li>
 *   <li>check mode off only: owners and groups exist, the live link and {@code path} places are usable;</li>
 *   <li>except in check mode {@code manifest}: each distinct SOPS file read once and parsed (no
 *       decryption); every secret's key is in it. Check modes stop here.</li>
 * </ol>
 * Then: the key ring is built (or taken from the options), each SOPS file is decrypted once (every
 * file's failure reported together in one {@link InstallException} naming the files), values are
 * selected, templates rendered, the new generation written with final modes and owners and switched
 * to atomically ({@link GenerationWriter}), the {@code path} links made, and the result returned with
 * the change report and the units to restart or reload. When anything fails before the switch nothing
 * is left behind and the previous generation stays live.
 */
public final class Installer {
  private final InstallOptions options;

  /** An installer running with {@code options}. */
  public Installer(InstallOptions options) {
    this.options = options;
  }

  /**
   * Reads the manifest file (sops-nix JSON or sops4j YAML/JSON, detected) and installs it.
   *
   * @throws ManifestException when the manifest cannot be read or any check fails (all problems listed)
   * @throws InstallException  when decryption, rendering or writing fails (nothing switched)
   */
  public InstallResult install(Path manifestFile) throws IOException {
    return install(ManifestReader.read(manifestFile), manifestFile.toString());
  }

  /**
   * Installs {@code manifest}.
   *
   * @param source how to name the manifest in messages (its file, or e.g. {@code "builder"})
   * @throws ManifestException when any check fails, listing every problem of every check
   * @throws InstallException  when decryption, rendering or writing fails (nothing switched)
   */
  public InstallResult install(Manifest manifest, String source) throws IOException {
    List<String> warnings = new ArrayList<>(manifest.warnings());
    Plan plan = check(manifest, source, warnings);
    if (options.checkMode() != CheckMode.OFF) {
      return InstallResult.checked(options.checkMode(), warnings);
    }
    Manifest m = plan.manifest();
    return act(plan, warnings);
  }

  /** Decrypts, renders, writes and switches, makes the links and reports: the checks have all passed. */
  private InstallResult act(Plan plan, List<String> warnings) throws IOException {
    Manifest m = plan.manifest();
    List<String> keyImports = new ArrayList<>();
    List<InstallFile> files = decryptAndRender(plan, keyImports, warnings);

    RuntimeLayout layout = plan.layout();
    MountCheck.warning(options.mountInfo(), layout.mountPoint()).ifPresent(warnings::add);
    boolean hadLiveGeneration;
    GenerationWriter.Result written;
    List<Path> made;
    try (InstallLock held = InstallLock.acquire(layout.symlinkPath())) {
      hadLiveGeneration = layout.liveGeneration().isPresent();
      written = new GenerationWriter(layout, new GenerationWriter.Options(m.keepGenerations(), options.dryRun(),
          plan.directoryGid())).install(files);
      made = written.switched() ? makeLinks(plan, written.generation()) : List.of();
    }
    List<String> restart = new ArrayList<>();
    List<String> reload = new ArrayList<>();
    if (hadLiveGeneration) {
      collectUnits(m, written.changes(), restart, reload);
    }
    return new InstallResult(CheckMode.OFF, written.generation(), written.directory(), written.switched(),
        written.changes(), restart, reload, made, keyImports, warnings);
  }

  /**
   * Everything checked before acting, with what the acting needs. In check mode {@code off} the plan is
   * complete; in the check modes only {@code manifest} and {@code inputs} are set.
   */
  private record Plan(Manifest manifest, TemplateTexts texts, Owners owners, int directoryGid,
      RuntimeLayout layout, List<PathLinks.Link> links, List<SopsInputs.Input> inputs) {
  }

  /** Runs every check of the mode and throws one exception listing all problems. */
  private Plan check(Manifest manifest, String source, List<String> warnings) throws IOException {
    List<ManifestProblem> problems = new ArrayList<>();
    Manifest m = expandRuntimeDir(manifest, problems);
    TemplateTexts texts = new TemplateTexts();
    problems.addAll(ManifestValidator.problems(m, texts));
    CheckMode mode = options.checkMode();

    Owners owners = Owners.keep(m);
    int directoryGid = -1;
    RuntimeLayout layout = null;
    List<PathLinks.Link> links = List.of();
    if (mode == CheckMode.OFF) {
      if (!m.userMode() && options.ignorePasswd()) {
        owners = Owners.root(m);
      } else if (!m.userMode()) {
        SystemAccounts accounts = options.accounts() != null ? options.accounts() : SystemAccounts.fromSystem();
        owners = Owners.lookUp(m, accounts, problems);
        directoryGid = Owners.directoryGroup(accounts, warnings);
      }
      layout = layout(m, problems);
      links = PathLinks.plan(m, owners);
      PathLinks.check(links, problems);
    }
    List<SopsInputs.Input> inputs = mode == CheckMode.MANIFEST ? List.of() : SopsInputs.read(m, problems);
    if (!problems.isEmpty()) {
      throw new ManifestException(source, problems);
    }
    return new Plan(m, texts, owners, directoryGid, layout, links, inputs);
  }

  /** The {@code path} links, after the switch; a failure names the generation that is live. */
  private static List<Path> makeLinks(Plan plan, int generation) throws InstallException {
    try {
      return PathLinks.create(plan.links(), !plan.manifest().userMode());
    } catch (InstallException e) {
      List<String> failures = new ArrayList<>();
      failures.add("generation " + generation + " is live, but some path links failed:");
      failures.addAll(e.problems());
      throw new InstallException(failures);
    }
  }

  /** A message without its leading {@code <source>: }, when the caller names the source already. */
  static String withoutSource(String message, String source) {
    String m = String.valueOf(message);
    return m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m;
  }

  /** User mode: {@code %r} → {@code XDG_RUNTIME_DIR}; without it only check modes can run. */
  private Manifest expandRuntimeDir(Manifest manifest, List<ManifestProblem> problems) {
    if (!manifest.userMode()) {
      return manifest;
    }
    String runtimeDir = options.env().get("XDG_RUNTIME_DIR");
    if (runtimeDir == null || runtimeDir.isEmpty()) {
      if (options.checkMode() == CheckMode.OFF) {
        problems.add(new ManifestProblem("manifest", "userMode is set but XDG_RUNTIME_DIR is not: "
            + "cannot expand %r"));
      }
      return manifest;
    }
    return manifest.withRuntimeDir(runtimeDir);
  }

  /** The layout, when the paths allow one; the live link must be a link (or absent). */
  private static RuntimeLayout layout(Manifest m, List<ManifestProblem> problems) {
    if (!Path.of(m.secretsMountPoint()).isAbsolute() || !Path.of(m.symlinkPath()).isAbsolute()) {
      return null; // reported by the validator (or XDG_RUNTIME_DIR missing)
    }
    RuntimeLayout layout;
    try {
      layout = new RuntimeLayout(Path.of(m.secretsMountPoint()), Path.of(m.symlinkPath()));
    } catch (IllegalArgumentException e) {
      problems.add(new ManifestProblem("manifest", e.getMessage()));
      return null;
    }
    try {
      layout.liveGeneration();
    } catch (InstallException e) {
      problems.add(new ManifestProblem("manifest", e.getMessage()));
    }
    return layout;
  }

  /** Decrypts each SOPS file once, selects every value and renders every template. */
  private List<InstallFile> decryptAndRender(Plan plan, List<String> keyImports, List<String> warnings)
      throws IOException {
    Manifest m = plan.manifest();
    Owners owners = plan.owners();
    KeyRing ring = keyRing(m);
    List<String> failures = new ArrayList<>();
    Map<String, byte[]> values = new HashMap<>();
    for (SopsInputs.Input input : plan.inputs()) {
      SopsFile file;
      try {
        file = Sops.decrypt(input.bytes(), input.file(), ring, DecryptOptions.defaults().withFormat(input.format()));
      } catch (SopsException e) {
        failures.add("failed to decrypt '" + input.file() + "': " + withoutSource(e.getMessage(), input.file()));
        continue;
      }
      for (SecretSpec s : input.secrets()) {
        try {
          values.put(s.name(), SecretValues.select(file, s.key()));
        } catch (SopsException e) {
          failures.add("secret '" + s.name() + "': " + e.getMessage());
        }
      }
    }
    if (options.keyRing() == null) {
      keyImports.addAll(keyImportLines(ring));
    }
    List<String> keyProblems = ring.problems().stream().map(KeyProblem::toString).toList();
    if (!failures.isEmpty()) {
      keyProblems.forEach(p -> failures.add("key source problem: " + p));
      throw new InstallException(failures);
    }
    keyProblems.forEach(p -> warnings.add("key source problem: " + p));

    List<InstallFile> files = new ArrayList<>();
    for (SecretSpec s : m.secrets()) {
      Owners.Ids ids = owners.secret(s.name());
      files.add(InstallFile.secret(s.name(), values.get(s.name()), s.modeBits()).withOwner(ids.uid(), ids.gid()));
    }
    PlaceholderIndex index = m.placeholderIndex(); // once: it hashes every secret name
    for (TemplateSpec t : m.templates()) {
      try {
        byte[] rendered = Template.parse(t.name(), t.text(plan.texts()), index)
            .render(name -> Optional.ofNullable(values.get(name)));
        Owners.Ids ids = owners.template(t.name());
        files.add(InstallFile.template(t.name(), rendered, t.modeBits()).withOwner(ids.uid(), ids.gid()));
      } catch (TemplateException e) {
        failures.add("template '" + t.name() + "': " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new InstallException(failures);
    }
    return files;
  }

  /**
   * The keys: the options' ring, else one built from the manifest. A manifest naming keys
   * ({@code ageKeyFile}, {@code ageSshKeyPaths}, {@code gnupgHome}, {@code sshKeyPaths}) uses only those unless
   * {@link InstallOptions#standardKeySources()}; sops-nix also lets sops look at the standard places
   * (its issue 805: a user's {@code ~/.config/sops/age/keys.txt} is picked up besides {@code keyFile}).
   */
  private KeyRing keyRing(Manifest m) throws IOException {
    if (options.keyRing() != null) {
      return options.keyRing();
    }
    boolean named = m.ageKeyFile() != null || !m.ageSshKeyPaths().isEmpty() || m.gnupgHome() != null
        || !m.sshKeyPaths().isEmpty();
    KeyRingLoader loader = KeyRingLoader.of(options.env(), options.home())
        .standardSources(!named || options.standardKeySources());
    if (m.ageKeyFile() != null) {
      loader.keyFile(Path.of(m.ageKeyFile()));
    }
    m.ageSshKeyPaths().forEach(p -> loader.sshKeyPath(Path.of(p)));
    if (m.gnupgHome() != null) {
      loader.gnupgHome(Path.of(m.gnupgHome()));
    }
    m.sshKeyPaths().forEach(p -> loader.sshPgpKey(Path.of(p)));
    return loader.load();
  }

  /** One line per identity a loaded source gave: where from, its type and public recipient. */
  private static List<String> keyImportLines(KeyRing ring) {
    List<String> lines = new ArrayList<>();
    for (KeySource source : ring.sources()) {
      if (source.status() == KeySource.Status.LOADED) {
        for (FoundIdentity found : source.found()) {
          lines.add("imported " + source.location() + " as " + found.type() + " key with recipient "
              + found.recipient());
        }
      }
    }
    return lines;
  }

  /**
   * The units of every added or modified secret and template, in manifest order, each once (sops-nix
   * concatenates, duplicates included). Mode and owner changes alone do not count.
   */
  private static void collectUnits(Manifest m, ChangeReport changes, List<String> restart, List<String> reload) {
    Set<String> changedSecrets = changed(changes, InstallFile.Kind.SECRET);
    Set<String> changedTemplates = changed(changes, InstallFile.Kind.TEMPLATE);
    Set<String> restartSet = new LinkedHashSet<>();
    Set<String> reloadSet = new LinkedHashSet<>();
    for (SecretSpec s : m.secrets()) {
      if (changedSecrets.contains(s.name())) {
        restartSet.addAll(s.restartUnits());
        reloadSet.addAll(s.reloadUnits());
      }
    }
    for (TemplateSpec t : m.templates()) {
      if (changedTemplates.contains(t.name())) {
        restartSet.addAll(t.restartUnits());
        reloadSet.addAll(t.reloadUnits());
      }
    }
    restart.addAll(restartSet);
    reload.addAll(reloadSet);
  }

  private static Set<String> changed(ChangeReport changes, InstallFile.Kind kind) {
    Set<String> names = new LinkedHashSet<>(changes.names(ChangeReport.Kind.ADDED, kind));
    names.addAll(changes.names(ChangeReport.Kind.MODIFIED, kind));
    return names;
  }

  /** Reads each template file once, so that validation and rendering see the same bytes. */
  private static final class TemplateTexts implements TemplateSpec.FileReader {
    private final Map<String, byte[]> read = new LinkedHashMap<>();

    @Override
    public byte[] read(String file) throws IOException {
      byte[] cached = read.get(file);
      if (cached == null) {
        cached = TemplateSpec.FileReader.DISK.read(file);
        read.put(file, cached);
      }
      return cached;
    }
  }

  @Override
  public String toString() {
    return "Installer[" + options + "]";
  }
}
