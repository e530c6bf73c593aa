package dev.sops4j.sops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import dev.sops4j.sops.crypto.EncryptionRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code .sops.yaml}: every supported field, both list forms, key groups, and errors naming file, line and key. */
class SopsConfigTest {
  private static final Path FILE = Path.of("/repo/.sops.yaml");
  private final String r1 = X25519Identity.generate().recipient().encode();
  private final String r2 = X25519Identity.generate().recipient().encode();

  private static SopsConfig parse(String yaml) throws SopsConfigException {
    return SopsConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), FILE);
  }

  private static SopsConfigException failure(String yaml) {
    try {
      parse(yaml);
    } catch (SopsConfigException e) {
      return e;
    }
    throw new AssertionError("expected a config failure for:\n" + yaml);
  }

  @Test
  void readsEveryFieldOfARule() throws Exception {
    SopsConfig config = parse("""
        creation_rules:
          - path_regex: ^secrets/.*\\.yaml$
            age: %s, %s
            pgp: "FBC7 B9E2 A4F9 289A C0C1 D4AB 8113 9A2A 3D22 6F70"
            shamir_threshold: 1
            encrypted_regex: ^(data|stringData)$
            mac_only_encrypted: true
        """.formatted(r1, r2));

    CreationRule rule = config.creationRules().get(0);
    assertThat(config.hasCreationRules()).isTrue();
    assertThat(rule.index()).isZero();
    assertThat(rule.line()).isEqualTo(2);
    assertThat(rule.pathRegex()).isEqualTo("^secrets/.*\\.yaml$");
    assertThat(rule.keyGroups()).singleElement().satisfies(g -> {
      assertThat(g.age()).containsExactly(r1, r2);
      assertThat(g.pgp()).containsExactly("FBC7B9E2A4F9289AC0C1D4AB81139A2A3D226F70");
    });
    assertThat(rule.usesKeyGroups()).isFalse();
    assertThat(rule.shamirThreshold()).isEqualTo(1);
    assertThat(rule.encryptionRule()).isEqualTo(EncryptionRules.Kind.ENCRYPTED_REGEX);
    assertThat(rule.encryptionValue()).isEqualTo("^(data|stringData)$");
    assertThat(rule.macOnlyEncrypted()).isTrue();
  }

  @Test
  void eachOfTheSixRulesIsRead() throws Exception {
    for (EncryptionRules.Kind kind : EncryptionRules.Kind.values()) {
      if (kind == EncryptionRules.Kind.NONE) {
        continue;
      }
      CreationRule rule = parse("creation_rules:\n  - age: " + r1 + "\n    " + kind.metadataKey() + ": x_\n")
          .creationRules().get(0);
      assertThat(rule.encryptionRule()).as(kind.metadataKey()).isEqualTo(kind);
      EncryptOptions options = rule.encryptOptions(FILE.toString(), PgpKeyLookup.none());
      assertThat(options.rules()).isEqualTo(EncryptionRules.of(kind, "x_"));
    }
  }

  @Test
  void ageAndPgpAcceptAListAsWellAsACommaSeparatedString() throws Exception {
    SopsConfig config = parse("""
        creation_rules:
          - age:
              - %s
              - "%s,"
            pgp: [AAAA, BBBB]
          - age: "%s ,, %s"
        """.formatted(r1, r2, r1, r2));

    assertThat(config.creationRules().get(0).keyGroups().get(0).age()).containsExactly(r1, r2);
    assertThat(config.creationRules().get(0).keyGroups().get(0).pgp()).containsExactly("AAAA", "BBBB");
    assertThat(config.creationRules().get(1).keyGroups().get(0).age()).containsExactly(r1, r2);
  }

  @Test
  void keyGroupsWithMergeAnchorsAndDeduplication() throws Exception {
    SopsConfig config = parse("""
        keys:
          - &alice %s
          - &bob %s
        creation_rules:
          - path_regex: prod
            shamir_threshold: 2
            key_groups:
              - age: [*alice]
                pgp: [CCCC]
              - age: [*bob, *bob]
                merge:
                  - age: [*alice]
        """.formatted(r1, r2));

    CreationRule rule = config.creationRules().get(0);
    assertThat(rule.usesKeyGroups()).isTrue();
    assertThat(rule.keyGroups()).hasSize(2);
    assertThat(rule.keyGroups().get(0).age()).containsExactly(r1);
    assertThat(rule.keyGroups().get(0).pgp()).containsExactly("CCCC");
    assertThat(rule.keyGroups().get(1).age()).containsExactly(r1, r2);
    assertThat(rule.keyGroups().get(1).keyPath()).isEqualTo("creation_rules[0].key_groups[1]");

    EncryptOptions options = parse("""
        creation_rules:
          - shamir_threshold: 2
            key_groups:
              - age: [%s]
              - age: [%s]
        """.formatted(r1, r2)).creationRules().get(0).encryptOptions("c", PgpKeyLookup.none());
    assertThat(options.keyGroups()).hasSize(2);
    assertThat(options.shamirThreshold()).isEqualTo(2);
    assertThat(options.keyGroups().get(1).age().get(0).text()).isEqualTo(r2);
    assertThat(options.rules()).isEqualTo(EncryptionRules.defaults());
  }

  @Test
  void yamlMergeKeysFillARuleAndExplicitKeysWin() throws Exception {
    CreationRule rule = parse("""
        defaults: &defaults
          encrypted_regex: ^data$
          mac_only_encrypted: true
          age: %s
        creation_rules:
          - <<: *defaults
            age: %s
        """.formatted(r1, r2)).creationRules().get(0);

    assertThat(rule.encryptionRule()).isEqualTo(EncryptionRules.Kind.ENCRYPTED_REGEX);
    assertThat(rule.macOnlyEncrypted()).isTrue();
    assertThat(rule.keyGroups().get(0).age()).containsExactly(r2);
  }

  @Test
  void aConfigWithoutCreationRulesCountsAsNoConfig() throws Exception {
    assertThat(parse("").hasCreationRules()).isFalse();
    assertThat(parse("destination_rules:\n  - s3_bucket: b\nstores:\n  yaml:\n    indent: 4\n").hasCreationRules())
        .isFalse();
    assertThatThrownBy(() -> parse("stores: {}\n").ruleFor(Path.of("/repo/a.yaml")))
        .isInstanceOf(SopsConfigException.class).hasMessageContaining("no creation_rules")
        .extracting(e -> ((SopsConfigException) e).problem()).isEqualTo(Problem.NOT_FOUND);
  }

  @Test
  void moreThanOneEncryptionRuleIsAnErrorNamingTheRule() {
    SopsConfigException e = failure("""
        creation_rules:
          - age: x
          - age: y
            encrypted_regex: a
            unencrypted_suffix: _clear
        """);

    assertThat(e.getMessage()).startsWith("/repo/.sops.yaml:5: creation_rules[1]: cannot use more than one of")
        .contains("encrypted_regex and unencrypted_suffix");
    assertThat(e.problem()).isEqualTo(Problem.INVALID);
  }

  @Test
  void unsupportedMasterKeyTypesAreNamedWhenTheRuleIsUsed() throws Exception {
    SopsConfig config = parse("""
        creation_rules:
          - path_regex: ^aws/
            kms: arn:aws:kms:us-east-1:111122223333:key/abc
          - path_regex: ^vault/
            key_groups:
              - hc_vault:
                  - https://vault.example.org:8200/v1/transit/keys/dev
          - age: %s
        """.formatted(r1));

    CreationRule aws = config.ruleFor(Path.of("/repo/aws/x.yaml"));
    assertThatThrownBy(() -> aws.encryptOptions(config.name(), PgpKeyLookup.none()))
        .isInstanceOf(SopsConfigException.class)
        .hasMessage("/repo/.sops.yaml:2: creation_rules[0].kms: master key type 'kms' is not supported by "
            + "sops4j (only age and pgp are); encrypt this file with sops, or give this rule age or pgp keys");
    CreationRule vault = config.ruleFor(Path.of("/repo/vault/x.yaml"));
    assertThatThrownBy(() -> vault.encryptOptions(config.name(), PgpKeyLookup.none()))
        .hasMessageContaining("creation_rules[1].key_groups[0].hc_vault: master key type 'hc_vault'");
    // The rule of another file does not care.
    assertThat(config.ruleFor(Path.of("/repo/dev/x.yaml")).encryptOptions(config.name(), PgpKeyLookup.none())
        .keyGroups()).hasSize(1);
    // Empty values of those types are no keys, as in sops.
    assertThat(parse("creation_rules:\n  - kms: ''\n    gcp_kms: []\n    age: " + r1 + "\n").creationRules().get(0)
        .unsupportedKeys()).isEmpty();
  }

  @Test
  void unknownKeysInRulesAndGroupsAreRefusedWithLineAndPath() {
    SopsConfigException rule = failure("creation_rules:\n  - age: x\n    encrypted_regexp: a\n");
    assertThat(rule.getMessage()).startsWith("/repo/.sops.yaml:3: creation_rules[0].encrypted_regexp: unknown key");
    assertThat(rule.line()).isEqualTo(3);
    assertThat(rule.keyPath()).isEqualTo("creation_rules[0].encrypted_regexp");

    SopsConfigException group = failure("creation_rules:\n  - key_groups:\n      - agee: [x]\n");
    assertThat(group.getMessage()).contains("creation_rules[0].key_groups[0].agee: unknown key in a key group");
  }

  @Test
  void wrongTypesAreNamed() {
    assertThat(failure("creation_rules: {}\n").getMessage())
        .isEqualTo("/repo/.sops.yaml:1: creation_rules: expected a list, found a mapping");
    assertThat(failure("creation_rules:\n  - shamir_threshold: two\n").getMessage())
        .contains(":2: creation_rules[0].shamir_threshold: expected an integer, found a string");
    assertThat(failure("creation_rules:\n  - shamir_threshold: -1\n").getMessage())
        .contains("must not be negative");
    assertThat(failure("creation_rules:\n  - mac_only_encrypted: yes\n").getMessage())
        .contains("creation_rules[0].mac_only_encrypted: expected true or false, found a string");
    assertThat(failure("creation_rules:\n  - age: {a: b}\n").getMessage())
        .contains("creation_rules[0].age: expected a comma-separated string or a list of strings, found a mapping");
    assertThat(failure("creation_rules:\n  - age: [[x]]\n").getMessage())
        .contains("creation_rules[0].age: expected a string in the list, found a list");
    assertThat(failure("creation_rules:\n  - path_regex: [a]\n").getMessage())
        .contains("creation_rules[0].path_regex: expected a string, found a list");
    assertThat(failure("creation_rules:\n  - age: a\n    age: b\n").getMessage())
        .contains(":3: creation_rules[0]: key 'age' is defined more than once");
    assertThat(failure("- a\n").getMessage()).isEqualTo("/repo/.sops.yaml:1: expected a mapping, found a list");
  }

  @Test
  void invalidYamlNamesTheLine() {
    SopsConfigException e = failure("creation_rules:\n  - age: [x\n");
    assertThat(e.getMessage()).startsWith("/repo/.sops.yaml:").contains("not valid YAML");
    assertThat(e.line()).isGreaterThan(1);
  }

  @Test
  void keyGroupsAndRuleKeysTogetherAreRefused() {
    assertThat(failure("creation_rules:\n  - age: x\n    key_groups:\n      - age: [y]\n").getMessage())
        .contains("creation_rules[0]: use either key_groups or age/pgp keys, not both");
  }

  @Test
  void badRecipientsAndMissingKeysAreNamedWhenTheRuleIsUsed() throws Exception {
    SopsConfig config = parse("creation_rules:\n  - path_regex: a\n    age: age1nope\n  - path_regex: b\n"
        + "  - key_groups:\n      - age: [" + r1 + "]\n      - pgp: []\n");

    assertThatThrownBy(() -> config.ruleFor(Path.of("/repo/a")).encryptOptions(config.name(), PgpKeyLookup.none()))
        .hasMessageStartingWith("/repo/.sops.yaml:2: creation_rules[0].age: 'age1nope' is not a usable age recipient");
    SopsConfigException none = (SopsConfigException) org.assertj.core.api.Assertions.catchThrowable(
        () -> config.ruleFor(Path.of("/repo/b")).encryptOptions(config.name(), PgpKeyLookup.none()));
    assertThat(none.problem()).isEqualTo(Problem.NO_KEYS);
    assertThat(none).hasMessage("/repo/.sops.yaml:4: creation_rules[1]: the creation rule names no age or pgp key");
    assertThatThrownBy(() -> config.ruleFor(Path.of("/repo/c")).encryptOptions(config.name(), PgpKeyLookup.none()))
        .hasMessage("/repo/.sops.yaml:7: creation_rules[2].key_groups[1]: the key group names no age or pgp key");
  }

  @Test
  void pgpFingerprintsAreLookedUpAndMissingOnesNamed() throws Exception {
    SopsConfig config = parse("creation_rules:\n  - pgp: ABCDEF0123456789\n");
    assertThatThrownBy(() -> config.creationRules().get(0).encryptOptions(config.name(), PgpKeyLookup.none()))
        .hasMessage("/repo/.sops.yaml:2: creation_rules[0].pgp: PGP key ABCDEF0123456789: "
            + "no PGP public keys were given to look up ABCDEF0123456789");
  }

  @Test
  void aThresholdAboveTheGroupCountIsRefused() throws Exception {
    SopsConfig config = parse("creation_rules:\n  - shamir_threshold: 3\n    key_groups:\n      - age: [" + r1
        + "]\n      - age: [" + r2 + "]\n");
    assertThatThrownBy(() -> config.creationRules().get(0).encryptOptions(config.name(), PgpKeyLookup.none()))
        .hasMessageContaining("creation_rules[0].shamir_threshold: shamir_threshold 3 is more than the 2 key groups");
  }

  @Test
  void loadNamesAMissingFile(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatThrownBy(() -> SopsConfig.load(dir.resolve(".sops.yaml")))
        .isInstanceOf(SopsConfigException.class).hasMessageEndingWith(".sops.yaml: config file not found")
        .extracting(e -> ((SopsConfigException) e).problem()).isEqualTo(Problem.NOT_FOUND);
  }

  @Test
  void nullValuesAreAbsent() throws Exception {
    CreationRule rule = parse("creation_rules:\n  - path_regex:\n    age: " + r1 + "\n    pgp:\n    "
        + "encrypted_regex: ''\n").creationRules().get(0);
    assertThat(rule.pathRegex()).isNull();
    assertThat(rule.encryptionRule()).isNull();
    assertThat(rule.keyGroups().get(0).pgp()).isEmpty();
    assertThat(List.of(rule.shamirThreshold())).containsExactly(0);
  }
}
