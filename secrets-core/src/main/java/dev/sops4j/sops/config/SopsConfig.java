package dev.sops4j.sops.config;

import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import dev.sops4j.sops.crypto.EncryptionRules;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A {@code .sops.yaml}: its {@code creation_rules}, read as sops 3.13 reads them, and the rule that
 * applies to a file.
 *
 * <p>Supported in a rule: {@code path_regex}, {@code age} and {@code pgp} (a comma-separated string or
 * a list), {@code key_groups} (each with {@code age}, {@code pgp} and nested {@code merge} groups),
 * {@code shamir_threshold}, one of the six encryption rules and {@code mac_only_encrypted}. The master
 * key types sops has and sops4j does not ({@code kms}, {@code gcp_kms}, {@code azure_keyvault},
 * {@code hc_vault_transit_uri}, {@code hckms}, {@code plugins}) are an error when the matching rule
 * uses them. Unknown keys in a rule or key group are refused (sops ignores them); other top-level keys
 * (such as a {@code keys:} list of YAML anchors) and {@code destination_rules} / {@code stores} are
 * ignored.
 *
 * <pre>{@code
 * SopsConfig config = SopsConfig.load(Path.of(".sops.yaml"));
 * EncryptOptions options = config.ruleFor(Path.of("secrets/db.yaml"))
 *     .encryptOptions(config.name(), PgpKeyLookup.none());
 * }</pre>
 *
 * @param file          the config file (its directory is the base of {@code path_regex} matching)
 * @param creationRules the rules in order; empty when the file has none
 * @param hasCreationRules whether the file has a {@code creation_rules} key at all (sops treats a config
 *                      without one as no config)
 */
public record SopsConfig(Path file, List<CreationRule> creationRules, boolean hasCreationRules) {

  private static final Set<String> RULE_KEYS = Set.of("path_regex", "age", "pgp", "key_groups",
      "shamir_threshold", "mac_only_encrypted", "aws_profile", "timeout");
  private static final Set<String> UNSUPPORTED_TYPES = Set.of("kms", "gcp_kms", "azure_keyvault",
      "hc_vault_transit_uri", "hckms", "plugins");
  private static final Set<String> GROUP_KEYS = Set.of("age", "pgp", "merge");
  private static final Set<String> UNSUPPORTED_GROUP_TYPES = Set.of("kms", "gcp_kms", "azure_keyvault",
      "hc_vault", "hckms", "plugins");

  public SopsConfig {
    creationRules = List.copyOf(creationRules);
  }

  /** The config file as messages name it. */
  public String name() {
    return file.toString();
  }

  /**
   * Reads and parses a config file.
   *
   * @throws SopsConfigException when it is missing, unreadable or invalid
   */
  public static SopsConfig load(Path file) throws SopsConfigException {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new SopsConfigException(file.toString(), 0, null, Problem.NOT_FOUND, "config file not found");
    } catch (IOException e) {
      throw new SopsConfigException(file.toString(), 0, null, Problem.INVALID,
          "cannot read the config file: " + e.getMessage(), e);
    }
    return parse(data, file);
  }

  /**
   * Parses config text.
   *
   * @param file the file it came from (names it in messages and is the base of path matching)
   * @throws SopsConfigException naming the line and key of the first problem
   */
  public static SopsConfig parse(byte[] yaml, Path file) throws SopsConfigException {
    ConfigNodes nodes = new ConfigNodes(file.toString());
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(yaml)).toString();
    } catch (CharacterCodingException e) {
      throw nodes.invalid(null, null, "the config is not UTF-8 text");
    }
    Optional<Node> root;
    try {
      LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setLabel(file.toString())
          .setAllowDuplicateKeys(true).build();
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      // no cause: the parser's message quotes the source line, which may hold a secret
      throw new SopsConfigException(file.toString(), line, null, Problem.INVALID,
          "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new SopsConfigException(file.toString(), 0, null, Problem.INVALID,
          "not valid YAML (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      // snakeyaml-engine's composer rejects some tags this way (found by fuzzing); its message is not
      // repeated, as parser messages may quote the source
      throw new SopsConfigException(file.toString(), 0, null, Problem.INVALID,
          "not valid YAML (a tag the YAML library rejects)");
    }
    if (root.isEmpty() || ConfigNodes.isNull(root.get())) {
      return new SopsConfig(file, List.of(), false);
    }
    Map<String, Node> top = nodes.mapping(root.get(), null);
    if (!top.containsKey("creation_rules") || ConfigNodes.isNull(top.get("creation_rules"))) {
      return new SopsConfig(file, List.of(), false);
    }
    List<Node> items = nodes.sequence(top.get("creation_rules"), "creation_rules");
    List<CreationRule> rules = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rules.add(rule(nodes, i, items.get(i)));
    }
    return new SopsConfig(file, rules, true);
  }

  private static CreationRule rule(ConfigNodes nodes, int index, Node node) throws SopsConfigException {
    String name = "creation_rules[" + index + "]";
    Map<String, Node> map = nodes.mapping(node, name);
    EncryptionRules.Kind kind = null;
    String value = null;
    List<String> unsupported = new ArrayList<>();
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = e.getKey();
      Optional<EncryptionRules.Kind> ruleKind = EncryptionRules.Kind.fromMetadataKey(key);
      if (ruleKind.isPresent()) {
        String v = nodes.string(e.getValue(), name + "." + key);
        if (v == null || v.isEmpty()) {
          continue;
        }
        if (kind != null) {
          throw nodes.invalid(e.getValue(), name, "cannot use more than one of encrypted_suffix, "
              + "unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or "
              + "unencrypted_comment_regex for the same rule (found " + kind.metadataKey() + " and " + key + ")");
        }
        kind = ruleKind.get();
        value = v;
      } else if (UNSUPPORTED_TYPES.contains(key)) {
        if (ConfigNodes.hasContent(e.getValue())) {
          unsupported.add(name + "." + key);
        }
      } else if (!RULE_KEYS.contains(key)) {
        throw nodes.invalid(e.getValue(), name + "." + key, "unknown key in a creation rule (sops4j refuses "
            + "unknown keys so that a misspelt one is not silently ignored)");
      }
    }
    String pathRegex = nodes.string(map.get("path_regex"), name + ".path_regex");
    List<String> age = nodes.keyList(map.get("age"), name + ".age");
    List<String> pgp = nodes.keyList(map.get("pgp"), name + ".pgp");
    List<Node> groupNodes = nodes.sequence(map.get("key_groups"), name + ".key_groups");
    List<KeyGroupSpec> groups = new ArrayList<>();
    boolean usesKeyGroups = !groupNodes.isEmpty();
    if (usesKeyGroups) {
      if (!age.isEmpty() || !pgp.isEmpty()) {
        throw nodes.invalid(map.get("key_groups"), name, "use either key_groups or age/pgp keys, not both "
            + "(sops would ignore the age/pgp keys of this rule)");
      }
      for (int g = 0; g < groupNodes.size(); g++) {
        String groupName = name + ".key_groups[" + g + "]";
        GroupKeys keys = new GroupKeys(new ArrayList<>(), new ArrayList<>(), unsupported);
        group(nodes, groupName, groupNodes.get(g), keys);
        groups.add(new KeyGroupSpec(groupName, ConfigNodes.line(groupNodes.get(g)), keys.age, keys.pgp)
            .deduplicated());
      }
    } else {
      groups.add(new KeyGroupSpec(name, ConfigNodes.line(node), age, pgp));
    }
    int threshold = nodes.nonNegativeInt(map.get("shamir_threshold"), name + ".shamir_threshold");
    boolean macOnly = nodes.bool(map.get("mac_only_encrypted"), name + ".mac_only_encrypted");
    return new CreationRule(index, ConfigNodes.line(node), pathRegex, groups, usesKeyGroups, threshold, kind,
        value, macOnly, unsupported);
  }

  private record GroupKeys(List<String> age, List<String> pgp, List<String> unsupported) {
  }

  /** Reads one key group, and the groups it merges, into {@code keys}. */
  private static void group(ConfigNodes nodes, String name, Node node, GroupKeys keys) throws SopsConfigException {
    Map<String, Node> map = nodes.mapping(node, name);
    for (Map.Entry<String, Node> e : map.entrySet()) {
      String key = e.getKey();
      if (UNSUPPORTED_GROUP_TYPES.contains(key)) {
        if (ConfigNodes.hasContent(e.getValue())) {
          keys.unsupported.add(name + "." + key);
        }
      } else if (!GROUP_KEYS.contains(key)) {
        throw nodes.invalid(e.getValue(), name + "." + key, "unknown key in a key group (expected age, pgp, "
            + "merge or one of sops' other master key types)");
      }
    }
    List<Node> merges = nodes.sequence(map.get("merge"), name + ".merge");
    for (int m = 0; m < merges.size(); m++) {
      group(nodes, name + ".merge[" + m + "]", merges.get(m), keys);
    }
    keys.age.addAll(nodes.keyList(map.get("age"), name + ".age"));
    keys.pgp.addAll(nodes.keyList(map.get("pgp"), name + ".pgp"));
  }

  /**
   * The path sops matches {@code path_regex} against: the absolute, normalized file path with the
   * config's directory and a separator removed from its start (a file outside that directory keeps its
   * absolute path), using the platform's separator.
   */
  public String relativePath(Path target) {
    String absolute = target.toAbsolutePath().normalize().toString();
    Path dir = file.toAbsolutePath().normalize().getParent();
    String prefix = (dir == null ? "" : dir.toString()) + File.separator;
    if (dir != null && dir.getParent() == null) {
      prefix = dir.toString(); // the root already ends with the separator
    }
    return absolute.startsWith(prefix) ? absolute.substring(prefix.length()) : absolute;
  }

  /**
   * The first rule whose {@code path_regex} matches the file's {@link #relativePath}, or a rule without
   * one; the rules after it are not looked at (as sops does).
   *
   * @throws SopsConfigException when there are no creation rules ({@code NOT_FOUND}), none matches
   *     ({@code NO_MATCHING_RULE}), or a {@code path_regex} before the match is not valid RE2
   */
  public CreationRule ruleFor(Path target) throws SopsConfigException {
    if (!hasCreationRules) {
      throw new SopsConfigException(name(), 0, null, Problem.NOT_FOUND, "the config has no creation_rules");
    }
    String relative = relativePath(target);
    for (CreationRule rule : creationRules) {
      if (rule.matches(name(), relative)) {
        return rule;
      }
    }
    throw new SopsConfigException(name(), 0, "creation_rules", Problem.NO_MATCHING_RULE,
        "no matching creation rule for '" + relative + "' (" + creationRules.size() + " rule"
            + (creationRules.size() == 1 ? "" : "s") + " checked)");
  }
}
