package dev.sops4j.testkit;

import dev.sops4j.install.CheckMode;
import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Manifest;
import dev.sops4j.install.SecretSpec;
import dev.sops4j.install.TemplateSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Secrets and templates to install, built fluently and run with {@link #run()}. Settings such as
 * {@link #mode(String)} apply to the secret or template added last:
 *
 * <pre>{@code
 * install.secret("db/password").from(sopsFile).key("db/password").mode("0440")
 *     .secret("api/token").value("t0ken")
 *     .template("app.conf", "url={{ sops:db/password }}").mode("0400")
 *     .run();
 * }</pre>
 *
 * <p>A secret's SOPS file is, in this order: the one given with {@link #from(Path)}; one written for
 * the plan holding every {@link #value(String)} (a YAML file {@code install-values.yaml} beside the
 * other fixtures, each value at the secret's key); else the file the test's {@link SopsFixtures} wrote
 * last before the secret was added.
 */
public final class InstallPlan {
  static final String VALUES_FILE = "install-values.yaml";

  private final InstallFixtures fixtures;
  private static final java.util.Set<String> VALUE_FORMATS = java.util.Set.of("", "yaml");

  private final List<SecretEntry> secrets = new ArrayList<>();
  private final List<TemplateSpec.Builder> templates = new ArrayList<>();
  private SecretEntry currentSecret;
  private TemplateSpec.Builder currentTemplate;
  private CheckMode checkMode = CheckMode.OFF;
  private boolean dryRun;
  private int keepGenerations = Manifest.DEFAULT_KEEP_GENERATIONS;

  InstallPlan(InstallFixtures fixtures) {
    this.fixtures = fixtures;
  }

  /** Adds secret {@code name} (its key defaults to the name); later settings apply to it. */
  public InstallPlan secret(String name) {
    Objects.requireNonNull(name, "name");
    currentSecret = new SecretEntry(name, SecretSpec.builder(name), fixtures.sops().lastWritten().orElse(null));
    currentTemplate = null;
    secrets.add(currentSecret);
    return this;
  }

  /** Adds template {@code name} rendering {@code content}; later settings apply to it. */
  public InstallPlan template(String name, String content) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    currentTemplate = TemplateSpec.builder(name).content(content);
    currentSecret = null;
    templates.add(currentTemplate);
    return this;
  }

  /** The SOPS file of the current secret (instead of a {@link #value(String)}). */
  public InstallPlan from(Path sopsFile) {
    SecretEntry s = currentSecret("from");
    s.from = Objects.requireNonNull(sopsFile, "sopsFile");
    s.value = null;
    return this;
  }

  /** The key of the current secret in its SOPS file ({@code /} for nesting, {@code ""} for the whole file). */
  public InstallPlan key(String key) {
    SecretEntry s = currentSecret("key");
    s.key = Objects.requireNonNull(key, "key");
    s.spec.key(key);
    return this;
  }

  /**
   * The plaintext of the current secret: it is encrypted (with the other values of the plan) into the
   * plan's own SOPS file at the secret's key (instead of a {@link #from(Path) file}).
   */
  public InstallPlan value(String plaintext) {
    SecretEntry s = currentSecret("value");
    s.value = Objects.requireNonNull(plaintext, "plaintext");
    s.from = null;
    return this;
  }

  /**
   * The current secret's format ({@code yaml}, {@code json}, {@code binary}, {@code dotenv}, {@code ini});
   * only for a {@link #from(Path) file}: the plan's file of values is YAML.
   */
  public InstallPlan format(String format) {
    SecretEntry s = currentSecret("format");
    s.format = Objects.requireNonNull(format, "format");
    s.spec.format(format);
    return this;
  }

  /** The octal mode of the current secret or template, e.g. {@code "0440"}. */
  public InstallPlan mode(String mode) {
    if (currentSecret != null) {
      currentSecret.spec.mode(mode);
    } else {
      currentTemplate("mode").mode(mode);
    }
    return this;
  }

  /** Where the current secret or template is visible besides the live link (a symbolic link is made). */
  public InstallPlan path(Path path) {
    String text = path.toAbsolutePath().toString();
    if (currentSecret != null) {
      currentSecret.spec.path(text);
    } else {
      currentTemplate("path").path(text);
    }
    return this;
  }

  /** A unit to restart when the current secret or template changes. */
  public InstallPlan restartUnit(String unit) {
    if (currentSecret != null) {
      currentSecret.spec.restartUnit(unit);
    } else {
      currentTemplate("restartUnit").restartUnit(unit);
    }
    return this;
  }

  /** A unit to reload when the current secret or template changes. */
  public InstallPlan reloadUnit(String unit) {
    if (currentSecret != null) {
      currentSecret.spec.reloadUnit(unit);
    } else {
      currentTemplate("reloadUnit").reloadUnit(unit);
    }
    return this;
  }

  /** Generations to keep after the install (default 1; 0 never prunes). */
  public InstallPlan keepGenerations(int count) {
    this.keepGenerations = count;
    return this;
  }

  /** Runs as a dry run: compares and reports, switches nothing, leaves no generation. */
  public InstallPlan dryRun() {
    this.dryRun = true;
    return this;
  }

  /** Only checks, in this mode ({@link CheckMode#MANIFEST} or {@link CheckMode#SOPSFILE}). */
  public InstallPlan checkMode(CheckMode mode) {
    this.checkMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * The manifest of this plan; writes the plan's SOPS file of {@link #value(String) values} first when
   * there are values.
   *
   * @throws IllegalStateException when a secret has no SOPS file, or values collide
   */
  public Manifest manifest() throws IOException {
    Path valuesFile = writeValues();
    Manifest.Builder manifest = fixtures.manifest().keepGenerations(keepGenerations);
    for (SecretEntry s : secrets) {
      Path file = s.value != null ? valuesFile : s.from != null ? s.from : s.lastWritten;
      if (file == null) {
        throw new IllegalStateException("secret '" + s.name + "' has no SOPS file: call from(path) or value(text),"
            + " or write a SOPS file with SopsFixtures before adding it");
      }
      manifest.secret(s.spec.sopsFile(file.toAbsolutePath().toString()).build());
    }
    templates.forEach(t -> manifest.template(t.build()));
    return manifest.build();
  }

  /** Builds the manifest and installs it; may be called again (the next run writes the next generation). */
  public InstallResult run() throws IOException {
    InstallOptions options = fixtures.options().withCheckMode(checkMode).withDryRun(dryRun);
    return fixtures.run(manifest(), options);
  }

  private Path writeValues() throws IOException {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (SecretEntry s : secrets) {
      if (s.value != null && !VALUE_FORMATS.contains(s.format)) {
        throw new IllegalStateException("secret '" + s.name + "': value() is stored in a YAML file, so format '"
            + s.format + "' needs from(file) instead");
      }
      if (s.value != null) {
        put(tree, s.key == null ? s.name : s.key, s.value, s.name);
      }
    }
    if (tree.isEmpty()) {
      return null;
    }
    return fixtures.sops().write(VALUES_FILE, tree);
  }

  /** Puts {@code value} at the {@code /}-separated {@code key}; names keys only in errors, never values. */
  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> tree, String key, String value, String secretName) {
    String[] segments = key.split("/", -1);
    Map<String, Object> node = tree;
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty()) {
        throw new IllegalStateException("secret '" + secretName + "': key '" + key
            + "' has an empty segment; a value() needs a key naming one entry");
      }
      Object existing = node.get(segment);
      if (i == segments.length - 1) {
        if (existing != null) {
          throw new IllegalStateException("secret '" + secretName + "': key '" + key
              + "' is already used by another value of this plan");
        }
        node.put(segment, value);
      } else if (existing == null) {
        Map<String, Object> child = new LinkedHashMap<>();
        node.put(segment, child);
        node = child;
      } else if (existing instanceof Map<?, ?> map) {
        node = (Map<String, Object>) map;
      } else {
        throw new IllegalStateException("secret '" + secretName + "': key '" + key
            + "' runs through the value of another secret of this plan");
      }
    }
  }

  private SecretEntry currentSecret(String setting) {
    if (currentSecret == null) {
      throw new IllegalStateException(setting + "() applies to a secret: call secret(name) first");
    }
    return currentSecret;
  }

  private TemplateSpec.Builder currentTemplate(String setting) {
    if (currentTemplate == null) {
      throw new IllegalStateException(setting + "() applies to a secret or template: add one first");
    }
    return currentTemplate;
  }

  @Override
  public String toString() {
    return "InstallPlan[secrets=" + secrets.stream().map(s -> s.name).toList() + ", templates="
        + templates.size() + "]";
  }

  /** A secret of the plan; its value is never printed. */
  private static final class SecretEntry {
    private final String name;
    private final SecretSpec.Builder spec;
    private final Path lastWritten;
    private Path from;
    private String key;
    private String format = "";
    private String value;

    private SecretEntry(String name, SecretSpec.Builder spec, Path lastWritten) {
      this.name = name;
      this.spec = spec;
      this.lastWritten = lastWritten;
    }
  }
}
