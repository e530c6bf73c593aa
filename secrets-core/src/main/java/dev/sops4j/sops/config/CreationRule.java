package dev.sops4j.sops.config;

import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.crypto.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code creation_rules} in a {@code .sops.yaml}, as read (keys are parsed and PGP keys
 * looked up only for the rule that matches a file, as sops does).
 *
 * @param index             0-based position in {@code creation_rules}
 * @param line              1-based line of the rule, 0 when unknown
 * @param pathRegex         the Go RE2 {@code path_regex}, or {@code null} when absent or empty (matches every file)
 * @param keyGroups         the rule's {@code key_groups}, or one group made of its {@code age} and {@code pgp}
 * @param usesKeyGroups     whether the groups come from {@code key_groups}
 * @param shamirThreshold   {@code shamir_threshold}, 0 when absent
 * @param encryptionRule    which of the six encryption rules is set, or {@code null}
 * @param encryptionValue   its suffix or expression, or {@code null}
 * @param macOnlyEncrypted  {@code mac_only_encrypted}
 * @param unsupportedKeys   key paths of master key types sops knows and sops4j does not support
 *                          ({@code kms}, {@code gcp_kms}, …) that hold keys; an error only when the rule is used
 */
public record CreationRule(int index, int line, String pathRegex, List<KeyGroupSpec> keyGroups,
    boolean usesKeyGroups, int shamirThreshold, EncryptionRules.Kind encryptionRule, String encryptionValue,
    boolean macOnlyEncrypted, List<String> unsupportedKeys) {

  public CreationRule {
    keyGroups = List.copyOf(keyGroups);
    unsupportedKeys = List.copyOf(unsupportedKeys);
    if (pathRegex != null && pathRegex.isEmpty()) {
      pathRegex = null;
    }
  }

  /** The rule's place in the config, such as {@code creation_rules[2]}. */
  public String name() {
    return "creation_rules[" + index + "]";
  }

  /**
   * The compiled {@code path_regex} (Go RE2 syntax, searched unanchored as Go's {@code MatchString}),
   * or empty when the rule matches every file.
   *
   * @throws SopsConfigException when the expression is not valid RE2
   */
  public Optional<GoRegex> pathPattern(String config) throws SopsConfigException {
    if (pathRegex == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(GoRegex.compile(pathRegex));
    } catch (IllegalArgumentException e) {
      throw new SopsConfigException(config, line, name() + ".path_regex", Problem.INVALID,
          "cannot compile '" + pathRegex + "': " + e.getMessage(), e);
    }
  }

  /** Whether the rule applies to a path relative to the config's directory (see {@link SopsConfig#relativePath}). */
  public boolean matches(String config, String relativePath) throws SopsConfigException {
    Optional<GoRegex> pattern = pathPattern(config);
    return pattern.isEmpty() || pattern.get().find(relativePath);
  }

  /** The encryption rule, compiled, when the rule sets one. */
  public Optional<EncryptionRules> encryptionRules(String config) throws SopsConfigException {
    if (encryptionRule == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(EncryptionRules.of(encryptionRule, encryptionValue));
    } catch (IllegalArgumentException e) {
      throw new SopsConfigException(config, line, name() + "." + encryptionRule.metadataKey(), Problem.INVALID,
          e.getMessage(), e);
    }
  }

  /**
   * The master keys of the rule, recipients parsed and PGP keys looked up.
   *
   * @throws SopsConfigException when the rule uses an unsupported master key type, names no key, or a
   *     key is unusable
   */
  public List<MasterKeyGroup> masterKeyGroups(String config, PgpKeyLookup pgp) throws SopsConfigException {
    if (!unsupportedKeys.isEmpty()) {
      String key = unsupportedKeys.get(0);
      throw new SopsConfigException(config, line, key, Problem.INVALID, "master key type '"
          + key.substring(key.lastIndexOf('.') + 1) + "' is not supported by sops4j (only age and pgp are); "
          + "encrypt this file with sops, or give this rule age or pgp keys");
    }
    if (keyGroups.isEmpty() || keyGroups.stream().allMatch(KeyGroupSpec::isEmpty)) {
      throw new SopsConfigException(config, line, name(), Problem.NO_KEYS,
          "the creation rule names no age or pgp key");
    }
    List<MasterKeyGroup> out = new ArrayList<>();
    for (KeyGroupSpec group : keyGroups) {
      if (group.isEmpty()) {
        throw new SopsConfigException(config, group.line(), group.keyPath(), Problem.NO_KEYS,
            "the key group names no age or pgp key");
      }
      out.add(group.resolve(config, pgp));
    }
    return out;
  }

  /**
   * How to encrypt a file this rule matches: its keys, threshold, encryption rule (sops' default
   * {@code unencrypted_suffix: _unencrypted} when none is set) and {@code mac_only_encrypted}.
   */
  public EncryptOptions encryptOptions(String config, PgpKeyLookup pgp) throws SopsConfigException {
    List<MasterKeyGroup> groups = masterKeyGroups(config, pgp);
    if (groups.size() > 1 && shamirThreshold > groups.size()) {
      throw new SopsConfigException(config, line, name() + ".shamir_threshold", Problem.INVALID,
          "shamir_threshold " + shamirThreshold + " is more than the " + groups.size() + " key groups");
    }
    EncryptionRules rules = encryptionRules(config).orElse(EncryptionRules.defaults());
    return new EncryptOptions(groups, shamirThreshold, rules, macOnlyEncrypted);
  }
}
