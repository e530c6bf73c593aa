package dev.sops4j.sops.config;

import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the command line of {@code sops encrypt} says ({@code --age}, {@code --pgp}, the six rule
 * options, {@code --mac-only-encrypted}, {@code --shamir-secret-sharing-threshold}), and how it
 * combines with the matching creation rule into {@link EncryptOptions}, as sops'
 * {@code getEncryptConfig} does:
 * <ul>
 *   <li>when a config with creation rules is present, a rule must match the file, even when keys are
 *       given on the command line;</li>
 *   <li>keys given on the command line replace the rule's keys (one key group);</li>
 *   <li>each rule option replaces the same setting of the rule; more than one encryption rule in
 *       total is a conflict; none gives {@code unencrypted_suffix: _unencrypted};</li>
 *   <li>{@code mac_only_encrypted} is on when either side sets it; a non-zero threshold option wins;</li>
 *   <li>binary input has no encryption rule and no {@code mac_only_encrypted}.</li>
 * </ul>
 *
 * @param age              age recipients from the command line (each entry may be comma-separated)
 * @param pgp              PGP fingerprints from the command line (each entry may be comma-separated)
 * @param rules            encryption rules from the command line, by kind
 * @param macOnlyEncrypted {@code --mac-only-encrypted}
 * @param shamirThreshold  {@code --shamir-secret-sharing-threshold}, 0 when not given
 */
public record EncryptSettings(List<String> age, List<String> pgp, Map<EncryptionRules.Kind, String> rules,
    boolean macOnlyEncrypted, int shamirThreshold) {

  /** How messages name settings that come from the command line. */
  public static final String COMMAND_LINE = "command line";

  public EncryptSettings {
    age = split(age);
    pgp = split(pgp);
    Map<EncryptionRules.Kind, String> copy = new EnumMap<>(EncryptionRules.Kind.class);
    rules.forEach((k, v) -> {
      if (k != EncryptionRules.Kind.NONE && v != null && !v.isEmpty()) {
        copy.put(k, v);
      }
    });
    rules = Map.copyOf(copy);
    if (shamirThreshold < 0) {
      throw new IllegalArgumentException("the Shamir threshold must not be negative");
    }
  }

  /** Nothing on the command line: everything comes from the config. */
  public static EncryptSettings none() {
    return new EncryptSettings(List.of(), List.of(), Map.of(), false, 0);
  }

  /** Only age recipients. */
  public static EncryptSettings age(String... recipients) {
    return new EncryptSettings(List.of(recipients), List.of(), Map.of(), false, 0);
  }

  /** Whether master keys were given (then the config's keys are not used). */
  public boolean hasKeys() {
    return !age.isEmpty() || !pgp.isEmpty();
  }

  /**
   * The options to encrypt {@code file}.
   *
   * @param file        the file being encrypted (matched against the rules' {@code path_regex})
   * @param inputFormat the format the file is read as
   * @param config      the config found or given, or {@code null} when there is none
   * @param pgpKeys     looks up the public keys of PGP fingerprints
   * @throws SopsConfigException {@code NOT_FOUND} when there is neither a config with creation rules
   *     nor a key on the command line; {@code NO_MATCHING_RULE}, {@code NO_KEYS}, {@code INVALID} from the
   *     config; {@code CONFLICT} for more than one encryption rule
   */
  public EncryptOptions resolve(Path file, Format inputFormat, SopsConfig config, PgpKeyLookup pgpKeys)
      throws SopsConfigException {
    CreationRule rule = config != null && config.hasCreationRules() ? config.ruleFor(file) : null;
    String configName = config != null ? config.name() : COMMAND_LINE;

    List<MasterKeyGroup> groups;
    if (hasKeys()) {
      groups = List.of(new KeyGroupSpec("", 0, age, pgp).resolve(COMMAND_LINE, pgpKeys));
    } else if (rule != null) {
      groups = rule.masterKeyGroups(configName, pgpKeys);
    } else {
      throw new SopsConfigException(config != null ? configName : COMMAND_LINE, 0, null, Problem.NOT_FOUND,
          "config file not found, or has no creation rules, and no keys provided through command line "
              + "options (--age, --pgp)");
    }

    int threshold = shamirThreshold != 0 ? shamirThreshold : rule != null ? rule.shamirThreshold() : 0;
    if (groups.size() > 1 && threshold > groups.size()) {
      throw new SopsConfigException(configName, rule == null ? 0 : rule.line(),
          rule == null ? null : rule.name() + ".shamir_threshold", Problem.INVALID,
          "shamir threshold " + threshold + " is more than the " + groups.size() + " key groups");
    }
    boolean macOnly = macOnlyEncrypted || rule != null && rule.macOnlyEncrypted();
    if (inputFormat == Format.BINARY) {
      return new EncryptOptions(groups, threshold, EncryptionRules.none(), false);
    }
    return new EncryptOptions(groups, threshold, encryptionRules(rule, configName), macOnly);
  }

  private EncryptionRules encryptionRules(CreationRule rule, String configName) throws SopsConfigException {
    Map<EncryptionRules.Kind, String> merged = new EnumMap<>(EncryptionRules.Kind.class);
    if (rule != null && rule.encryptionRule() != null) {
      merged.put(rule.encryptionRule(), rule.encryptionValue());
    }
    merged.putAll(rules);
    if (merged.size() > 1) {
      throw new SopsConfigException(COMMAND_LINE, 0, null, Problem.CONFLICT, "cannot use more than one of "
          + "encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, "
          + "or unencrypted_comment_regex in the same file (given: "
          + String.join(", ", merged.keySet().stream().map(k -> k.metadataKey() + (rules.containsKey(k)
              ? " on the command line" : " in " + configName + " " + rule.name())).toList()) + ")");
    }
    Optional<Map.Entry<EncryptionRules.Kind, String>> only = merged.entrySet().stream().findFirst();
    if (only.isEmpty()) {
      return EncryptionRules.defaults();
    }
    EncryptionRules.Kind kind = only.get().getKey();
    try {
      return EncryptionRules.of(kind, only.get().getValue());
    } catch (IllegalArgumentException e) {
      boolean fromCommandLine = rules.containsKey(kind);
      throw new SopsConfigException(fromCommandLine ? COMMAND_LINE : configName,
          fromCommandLine ? 0 : rule.line(), fromCommandLine ? "--" + kind.metadataKey().replace('_', '-')
              : rule.name() + "." + kind.metadataKey(), Problem.INVALID, e.getMessage(), e);
    }
  }

  private static List<String> split(List<String> entries) {
    return entries.stream().flatMap(e -> Arrays.stream(e.split(","))).map(String::strip)
        .filter(s -> !s.isEmpty()).toList();
  }
}
