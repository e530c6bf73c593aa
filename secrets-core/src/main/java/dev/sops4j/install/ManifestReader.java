package dev.sops4j.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a manifest file in one of two dialects (JSON is read as YAML, which it is):
 *
 * <ul>
 *   <li>{@link Dialect#SOPS_NIX}: the {@code manifest.json} sops-nix's NixOS, home-manager or
 *       nix-darwin module writes, decoded as sops-install-secrets' Go code decodes it: field names
 *       match case-insensitively, unknown fields (such as {@code sopsFileHash} and
 *       {@code neededForUsers}) are ignored, and an unknown {@code format} is read as {@code yaml}
 *       (with a warning, where sops-nix is silent).</li>
 *   <li>{@link Dialect#SOPS4J}: the same field names in YAML or JSON, with {@code secrets} and
 *       {@code templates} either lists or mappings from name to fields, relative {@code sopsFile} and
 *       template {@code file} paths resolved against the manifest's directory, unknown fields
 *       reported as warnings and an unknown {@code format} kept for the validator to reject.</li>
 * </ul>
 *
 * <p>In both, an absent or {@code null} field takes the NixOS module's default (see {@link Manifest},
 * {@link SecretSpec}, {@link TemplateSpec}). Type errors (a list where a string belongs, a
 * non-number uid, …) are all collected and reported in one {@link ManifestException} with their lines.
 * The reader does not validate: call {@link ManifestValidator} next.
 */
public final class ManifestReader {

  /** The two manifest dialects. */
  public enum Dialect {
    /** sops-nix's manifest JSON. */
    SOPS_NIX,
    /** sops4j's YAML or JSON manifest. */
    SOPS4J
  }

  private static final Set<String> TOP_FIELDS = Set.of("secrets", "templates",
      "placeholderBySecretName", "secretsMountPoint", "symlinkPath", "keepGenerations",
      "sshKeyPaths", "gnupgHome", "ageKeyFile", "ageSshKeyPaths", "useTmpfs", "userMode", "logging");
  private static final Set<String> SECRET_FIELDS = Set.of("name", "key", "path", "owner", "uid",
      "group", "gid", "sopsFile", "format", "mode", "restartUnits", "reloadUnits");
  private static final Set<String> TEMPLATE_FIELDS = Set.of("name", "content", "file", "path",
      "mode", "owner", "uid", "group", "gid", "restartUnits", "reloadUnits");
  private static final Set<String> LOGGING_FIELDS = Set.of("keyImport", "secretChanges");

  private ManifestReader() {
  }

  /** Reads {@code file}, choosing the dialect with {@link #detect(Map)}. */
  public static Manifest read(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Reads {@code file} in {@code dialect} ({@code null}: detect); relative paths in a sops4j manifest
   * are resolved against the file's directory.
   */
  public static Manifest read(Path file, Dialect dialect) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    return read(text, file.toString(), dialect, dir);
  }

  /**
   * Reads manifest {@code text}.
   *
   * @param source  how to name it in messages
   * @param dialect the dialect, or {@code null} to detect it
   * @param baseDir directory for relative paths of a sops4j manifest, or {@code null} to keep them
   * @throws ManifestException listing every problem found while reading
   */
  public static Manifest read(String text, String source, Dialect dialect, Path baseDir)
      throws ManifestException {
    Node root = compose(text, source);
    Reading reading = new Reading(baseDir);
    if (!(root instanceof MappingNode top)) {
      throw new ManifestException(source, List.of(new ManifestProblem("manifest", line(root),
          "the top level must be a mapping of fields")));
    }
    Map<String, Node> keys = new LinkedHashMap<>();
    for (NodeTuple t : top.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k) {
        keys.put(k.getValue(), t.getValueNode());
      }
    }
    reading.dialect = dialect != null ? dialect : detect(keys);
    Manifest manifest = reading.manifest(top);
    if (!reading.problems.isEmpty()) {
      throw new ManifestException(source, reading.problems);
    }
    return manifest;
  }

  /**
   * The dialect of a manifest by its top-level fields: sops-nix's modules always write both
   * {@code placeholderBySecretName} and {@code userMode}; anything else is read as sops4j's.
   */
  public static Dialect detect(Map<String, ?> topLevel) {
    return topLevel.containsKey("placeholderBySecretName") && topLevel.containsKey("userMode")
        ? Dialect.SOPS_NIX : Dialect.SOPS4J;
  }

  private static Node compose(String text, String source) throws ManifestException {
    LoadSettings settings = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema())
        .setCodePointLimit(Integer.MAX_VALUE).build();
    try {
      Optional<Node> node = new Compose(settings).composeString(text);
      if (node.isEmpty()) {
        throw new ManifestException(source, List.of(new ManifestProblem("manifest", "is empty")));
      }
      return node.get();
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      throw new ManifestException(source, List.of(new ManifestProblem("manifest",
          mark == null ? 0 : mark.getLine() + 1, "invalid YAML/JSON: "
          + (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem())));
    } catch (YamlEngineException e) {
      throw new ManifestException(source, List.of(new ManifestProblem("manifest",
          "invalid YAML/JSON (" + e.getClass().getSimpleName() + ")")));
    } catch (IllegalArgumentException e) {
      // snakeyaml-engine's composer rejects some tags this way (found by fuzzing); its message is not
      // repeated, as parser messages may quote the source
      throw new ManifestException(source, List.of(new ManifestProblem("manifest",
          "invalid YAML/JSON (a tag the YAML library rejects)")));
    }
  }

  static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** State of one read: the dialect, problems and warnings. */
  private static final class Reading {
    private final Path baseDir;
    private final List<ManifestProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Dialect dialect;

    Reading(Path baseDir) {
      this.baseDir = baseDir;
    }

    Manifest manifest(MappingNode top) {
      Fields f = fields(top, "manifest", TOP_FIELDS);
      Manifest.Builder b = Manifest.builder();
      readSecrets(f.get("secrets"), b);
      readTemplates(f.get("templates"), b);
      f.string("secretsMountPoint").ifPresent(b::secretsMountPoint);
      f.string("symlinkPath").ifPresent(b::symlinkPath);
      f.integer("keepGenerations").ifPresent(b::keepGenerations);
      f.strings("sshKeyPaths").forEach(b::sshKeyPath);
      f.string("gnupgHome").ifPresent(b::gnupgHome);
      f.string("ageKeyFile").ifPresent(b::ageKeyFile);
      f.strings("ageSshKeyPaths").forEach(b::ageSshKeyPath);
      f.bool("useTmpfs").ifPresent(b::useTmpfs);
      f.bool("userMode").ifPresent(b::userMode);
      f.stringMap("placeholderBySecretName").forEach(b::placeholder);
      Node logging = f.get("logging");
      if (logging != null && !isNull(logging)) {
        if (logging instanceof MappingNode m) {
          Fields lf = fields(m, "logging", LOGGING_FIELDS);
          b.logging(lf.bool("keyImport").orElse(true), lf.bool("secretChanges").orElse(true));
        } else {
          problem("manifest", logging, "logging must be a mapping with keyImport and secretChanges");
        }
      }
      warnings.forEach(b::warning);
      return b.build();
    }

    private void readSecrets(Node node, Manifest.Builder b) {
      forEachItem(node, "secrets", (name, item) -> {
        String subject = subject("secret", name, item);
        Fields f = fields(item, subject, SECRET_FIELDS);
        String secretName = name != null ? name : f.string("name").orElse("");
        if (name != null) {
          f.forbid("name", "the name is the mapping key");
        }
        SecretSpec.Builder s = SecretSpec.builder(secretName);
        f.string("key").ifPresent(s::key);
        f.string("path").ifPresent(s::path);
        f.string("owner").ifPresent(s::owner);
        f.string("group").ifPresent(s::group);
        f.integer("uid").ifPresent(s::uid);
        f.integer("gid").ifPresent(s::gid);
        f.string("sopsFile").map(this::resolve).ifPresent(s::sopsFile);
        f.string("format").map(fmt -> format(fmt, "secret '" + secretName + "'", f.get("format")))
            .ifPresent(s::format);
        f.string("mode").ifPresent(s::mode);
        s.restartUnits(f.strings("restartUnits"));
        s.reloadUnits(f.strings("reloadUnits"));
        b.secret(s.build());
      });
    }

    private void readTemplates(Node node, Manifest.Builder b) {
      forEachItem(node, "templates", (name, item) -> {
        String subject = subject("template", name, item);
        Fields f = fields(item, subject, TEMPLATE_FIELDS);
        String templateName = name != null ? name : f.string("name").orElse("");
        if (name != null) {
          f.forbid("name", "the name is the mapping key");
        }
        TemplateSpec.Builder t = TemplateSpec.builder(templateName);
        f.string("content").ifPresent(t::content);
        f.string("file").map(this::resolve).ifPresent(t::file);
        f.string("path").ifPresent(t::path);
        f.string("mode").ifPresent(t::mode);
        f.string("owner").ifPresent(t::owner);
        f.string("group").ifPresent(t::group);
        f.integer("uid").ifPresent(t::uid);
        f.integer("gid").ifPresent(t::gid);
        t.restartUnits(f.strings("restartUnits"));
        t.reloadUnits(f.strings("reloadUnits"));
        b.template(t.build());
      });
    }

    /** sops-nix reads an unknown format as yaml; sops4j keeps it for the validator. */
    private String format(String value, String subject, Node at) {
      if (value.isEmpty()) {
        return SecretFormats.DEFAULT;
      }
      if (dialect == Dialect.SOPS_NIX && SecretFormats.of(value).isEmpty()) {
        warnings.add(at(at) + subject + ": unknown format '" + value
            + "' read as yaml, as sops-install-secrets does");
        return SecretFormats.DEFAULT;
      }
      return value;
    }

    private String resolve(String file) {
      if (dialect != Dialect.SOPS4J || baseDir == null || file.isEmpty()) {
        return file;
      }
      Path p = Path.of(file);
      return p.isAbsolute() ? file : baseDir.resolve(p).normalize().toString();
    }

    private interface ItemReader {
      void read(String nameFromKey, MappingNode item);
    }

    private void forEachItem(Node node, String field, ItemReader reader) {
      if (node == null || isNull(node)) {
        return;
      }
      if (node instanceof SequenceNode seq) {
        int index = 0;
        for (Node item : seq.getValue()) {
          if (item instanceof MappingNode m) {
            reader.read(null, m);
          } else {
            problem(field + "[" + index + "]", item, "must be a mapping of fields");
          }
          index++;
        }
      } else if (node instanceof MappingNode map && dialect == Dialect.SOPS4J) {
        for (NodeTuple t : map.getValue()) {
          String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
          if (name == null) {
            problem(field, t.getKeyNode(), "names must be strings");
          } else if (t.getValueNode() instanceof MappingNode m) {
            reader.read(name, m);
          } else if (isNull(t.getValueNode())) {
            reader.read(name, new MappingNode(Tag.MAP, List.of(), FlowStyle.AUTO));
          } else {
            problem(field + " '" + name + "'", t.getValueNode(), "must be a mapping of fields");
          }
        }
      } else {
        problem("manifest", node, field + " must be a list"
            + (dialect == Dialect.SOPS4J ? " or a mapping from name to fields" : ""));
      }
    }

    private String subject(String kind, String nameFromKey, MappingNode item) {
      if (nameFromKey != null) {
        return kind + " '" + nameFromKey + "'";
      }
      for (NodeTuple t : item.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && matches("name", k.getValue())
            && t.getValueNode() instanceof ScalarNode v) {
          return kind + " '" + v.getValue() + "'";
        }
      }
      return kind + " without a name";
    }

    private boolean matches(String field, String key) {
      return dialect == Dialect.SOPS_NIX ? field.equalsIgnoreCase(key) : field.equals(key);
    }

    private Fields fields(MappingNode map, String subject, Set<String> known) {
      Map<String, Node> values = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          problem(subject, t.getKeyNode(), "field names must be strings");
          continue;
        }
        String field = known.stream().filter(f -> matches(f, k.getValue())).findFirst().orElse(null);
        if (field == null) {
          if (dialect == Dialect.SOPS4J) {
            warnings.add(at(k) + subject + ": unknown field '" + k.getValue() + "' ignored");
          }
          continue;
        }
        if (values.containsKey(field)) {
          problem(subject, k, "field '" + field + "' is given more than once");
          continue;
        }
        values.put(field, t.getValueNode());
      }
      return new Fields(subject, values);
    }

    private void problem(String subject, Node at, String message) {
      problems.add(new ManifestProblem(subject, line(at), message));
    }

    private static String at(Node node) {
      int line = line(node);
      return line > 0 ? "line " + line + ": " : "";
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** The fields of one mapping, with typed accessors that record problems. */
    private final class Fields {
      private final String subject;
      private final Map<String, Node> values;

      Fields(String subject, Map<String, Node> values) {
        this.subject = subject;
        this.values = values;
      }

      Node get(String field) {
        return values.get(field);
      }

      void forbid(String field, String why) {
        Node node = values.get(field);
        if (node != null) {
          problem(subject, node, "field '" + field + "' is not allowed here: " + why);
        }
      }

      Optional<String> string(String field) {
        Node node = values.get(field);
        if (node == null || isNull(node)) {
          return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
          return Optional.of(s.getValue());
        }
        problem(subject, node, field + " must be a string");
        return Optional.empty();
      }

      Optional<Integer> integer(String field) {
        Optional<String> text = string(field);
        if (text.isEmpty()) {
          return Optional.empty();
        }
        try {
          return Optional.of(Integer.parseInt(text.get().trim()));
        } catch (NumberFormatException e) {
          problem(subject, values.get(field), field + " must be a whole number");
          return Optional.empty();
        }
      }

      Optional<Boolean> bool(String field) {
        Optional<String> text = string(field);
        if (text.isEmpty()) {
          return Optional.empty();
        }
        String t = text.get().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
          return Optional.of(t.equals("true"));
        }
        problem(subject, values.get(field), field + " must be true or false");
        return Optional.empty();
      }

      List<String> strings(String field) {
        Node node = values.get(field);
        if (node == null || isNull(node)) {
          return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
          problem(subject, node, field + " must be a list of strings");
          return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
          if (item instanceof ScalarNode s && !isNull(s)) {
            out.add(s.getValue());
          } else {
            problem(subject, item, field + " must be a list of strings");
          }
        }
        return out;
      }

      Map<String, String> stringMap(String field) {
        Node node = values.get(field);
        if (node == null || isNull(node)) {
          return Map.of();
        }
        if (!(node instanceof MappingNode map)) {
          problem(subject, node, field + " must be a mapping of strings");
          return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v
              && !isNull(v)) {
            out.put(k.getValue(), v.getValue());
          } else {
            problem(subject, t.getKeyNode(), field + " must be a mapping of strings");
          }
        }
        return out;
      }
    }
  }
}
