package dev.sops4j.sops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.crypto.EncryptionRules.Kind;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command-line settings combined with the matching creation rule, as sops encrypt combines them. */
class EncryptSettingsTest {
  private static final Path DIR = Path.of("/repo");
  private final X25519Identity fromConfig = X25519Identity.generate();
  private final X25519Identity fromFlag = X25519Identity.generate();

  private SopsConfig config(String rules) throws SopsConfigException {
    return SopsConfig.parse(("creation_rules:\n" + rules).getBytes(StandardCharsets.UTF_8), DIR.resolve(".sops.yaml"));
  }

  private String age(X25519Identity id) {
    return id.recipient().encode();
  }

  @Test
  void theMatchingRuleGivesKeysAndRules() throws Exception {
    SopsConfig config = config("  - path_regex: ^k8s/\n    age: " + age(fromConfig)
        + "\n    encrypted_regex: ^data$\n    mac_only_encrypted: true\n");

    EncryptOptions options = EncryptSettings.none().resolve(DIR.resolve("k8s/s.yaml"), Format.YAML, config,
        PgpKeyLookup.none());

    assertThat(options.keyGroups()).singleElement()
        .satisfies(g -> assertThat(g.age()).extracting(MasterKeyGroupText::of).containsExactly(age(fromConfig)));
    assertThat(options.rules()).isEqualTo(EncryptionRules.of(Kind.ENCRYPTED_REGEX, "^data$"));
    assertThat(options.macOnlyEncrypted()).isTrue();
  }

  /** AgeTarget text accessor as a function. */
  private static final class MasterKeyGroupText {
    static String of(dev.sops4j.sops.MasterKeyGroup.AgeTarget t) {
      return t.text();
    }
  }

  @Test
  void commandLineKeysReplaceTheRuleKeysButTheRuleStillMustMatch() throws Exception {
    SopsConfig config = config("  - path_regex: ^k8s/\n    age: " + age(fromConfig) + "\n    unencrypted_suffix: _pub\n");
    EncryptSettings flags = EncryptSettings.age(age(fromFlag));

    EncryptOptions options = flags.resolve(DIR.resolve("k8s/s.yaml"), Format.YAML, config, PgpKeyLookup.none());

    assertThat(options.keyGroups().get(0).age()).extracting(MasterKeyGroupText::of).containsExactly(age(fromFlag));
    assertThat(options.rules()).isEqualTo(EncryptionRules.of(Kind.UNENCRYPTED_SUFFIX, "_pub"));
    SopsConfigException e = catchThrowableOfType(
        () -> flags.resolve(DIR.resolve("other/s.yaml"), Format.YAML, config, PgpKeyLookup.none()),
        SopsConfigException.class);
    assertThat(e.problem()).isEqualTo(Problem.NO_MATCHING_RULE);
  }

  @Test
  void withoutConfigTheCommandLineDecidesAndDefaultsApply() throws Exception {
    EncryptOptions options = new EncryptSettings(List.of(age(fromFlag) + "," + age(fromConfig)), List.of(), Map.of(),
        false, 0).resolve(DIR.resolve("a.json"), Format.JSON, null, PgpKeyLookup.none());

    assertThat(options.keyGroups().get(0).age()).hasSize(2);
    assertThat(options.rules()).isEqualTo(EncryptionRules.defaults());
    assertThat(options.macOnlyEncrypted()).isFalse();
  }

  @Test
  void noConfigAndNoKeysIsNotFound() {
    SopsConfigException e = catchThrowableOfType(
        () -> EncryptSettings.none().resolve(DIR.resolve("a.yaml"), Format.YAML, null, PgpKeyLookup.none()),
        SopsConfigException.class);

    assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND);
    assertThat(e).hasMessage("command line: config file not found, or has no creation rules, and no keys provided "
        + "through command line options (--age, --pgp)");
  }

  @Test
  void aRuleOptionReplacesTheSameSettingButTwoDifferentRulesConflict() throws Exception {
    SopsConfig config = config("  - age: " + age(fromConfig) + "\n    encrypted_regex: ^a\n");
    EncryptSettings same = new EncryptSettings(List.of(), List.of(), Map.of(Kind.ENCRYPTED_REGEX, "^b"), false, 0);
    EncryptSettings other = new EncryptSettings(List.of(), List.of(), Map.of(Kind.ENCRYPTED_SUFFIX, "_s"), false, 0);

    assertThat(same.resolve(DIR.resolve("x.yaml"), Format.YAML, config, PgpKeyLookup.none()).rules())
        .isEqualTo(EncryptionRules.of(Kind.ENCRYPTED_REGEX, "^b"));
    SopsConfigException e = catchThrowableOfType(
        () -> other.resolve(DIR.resolve("x.yaml"), Format.YAML, config, PgpKeyLookup.none()), SopsConfigException.class);
    assertThat(e.problem()).isEqualTo(Problem.CONFLICT);
    assertThat(e).hasMessageContaining("cannot use more than one of")
        .hasMessageContaining("encrypted_suffix on the command line")
        .hasMessageContaining("encrypted_regex in /repo/.sops.yaml creation_rules[0]");
  }

  @Test
  void anInvalidRegexOptionIsNamed() {
    EncryptSettings bad = new EncryptSettings(List.of(age(fromFlag)), List.of(), Map.of(Kind.UNENCRYPTED_REGEX, "a\\1"),
        false, 0);
    assertThat(catchThrowableOfType(() -> bad.resolve(DIR.resolve("x.yaml"), Format.YAML, null, PgpKeyLookup.none()),
        SopsConfigException.class)).hasMessageStartingWith("command line: --unencrypted-regex: unencrypted_regex: "
        + "invalid regular expression: invalid escape sequence: `\\1`");
  }

  @Test
  void thresholdAndMacOnlyEncryptedFromEitherSide() throws Exception {
    X25519Identity third = X25519Identity.generate();
    SopsConfig config = config("  - shamir_threshold: 3\n    key_groups:\n      - age: [" + age(fromConfig)
        + "]\n      - age: [" + age(fromFlag) + "]\n      - age: [" + age(third) + "]\n");

    EncryptOptions fromRule = EncryptSettings.none().resolve(DIR.resolve("a.yaml"), Format.YAML, config,
        PgpKeyLookup.none());
    EncryptOptions flagged = new EncryptSettings(List.of(), List.of(), Map.of(), true, 2)
        .resolve(DIR.resolve("a.yaml"), Format.YAML, config, PgpKeyLookup.none());

    assertThat(fromRule.shamirThreshold()).isEqualTo(3);
    assertThat(fromRule.macOnlyEncrypted()).isFalse();
    assertThat(flagged.shamirThreshold()).isEqualTo(2);
    assertThat(flagged.macOnlyEncrypted()).isTrue();
    assertThat(flagged.keyGroups()).hasSize(3);
  }

  @Test
  void binaryInputHasNoRules() throws Exception {
    SopsConfig config = config("  - age: " + age(fromConfig) + "\n    encrypted_suffix: _x\n    mac_only_encrypted: true\n");

    EncryptOptions options = EncryptSettings.none().resolve(DIR.resolve("blob.bin"), Format.BINARY, config,
        PgpKeyLookup.none());

    assertThat(options.rules()).isEqualTo(EncryptionRules.none());
    assertThat(options.macOnlyEncrypted()).isFalse();
  }

  @Test
  void optionsFromTheConfigEncryptAFileItsKeyOpens() throws Exception {
    SopsConfig config = config("  - path_regex: \\.yaml$\n    age: " + age(fromConfig) + "\n    encrypted_regex: ^pass\n");
    Path file = DIR.resolve("app/db.yaml");
    EncryptOptions options = EncryptSettings.none().resolve(file, Format.YAML, config, PgpKeyLookup.none());

    byte[] encrypted = Sops.encrypt("user: app\npassword: hunter2\n".getBytes(StandardCharsets.UTF_8), file.toString(),
        Format.YAML, options);
    SopsFile opened = Sops.decrypt(encrypted, "db.yaml", KeyRing.of(List.of(fromConfig)),
        DecryptOptions.defaults().withFormat(Format.YAML));

    assertThat(new String(encrypted, StandardCharsets.UTF_8)).contains("user: app").doesNotContain("hunter2")
        .contains("encrypted_regex: ^pass");
    assertThat(opened.text("password")).isEqualTo("hunter2");
  }

  @Test
  void plainInputKnowsAnEncryptedFileInEveryFormat() throws Exception {
    EncryptOptions options = EncryptSettings.age(age(fromFlag)).resolve(DIR.resolve("a"), Format.YAML, null,
        PgpKeyLookup.none());
    Map<Format, String> plain = Map.of(Format.YAML, "a: 1\n", Format.JSON, "{\"a\": 1}\n", Format.DOTENV, "A=1\n",
        Format.INI, "[s]\na = 1\n");
    for (Map.Entry<Format, String> e : plain.entrySet()) {
      byte[] text = e.getValue().getBytes(StandardCharsets.UTF_8);
      byte[] encrypted = Sops.encrypt(text, "p", e.getKey(), options);
      assertThat(PlainInput.hasSopsMetadata(text, "p", e.getKey())).as(e.getKey().id()).isFalse();
      assertThat(PlainInput.hasSopsMetadata(encrypted, "e", e.getKey())).as(e.getKey().id()).isTrue();
    }
    byte[] encryptedYaml = Sops.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8), "p", Format.YAML, options);
    assertThat(PlainInput.hasSopsMetadata(encryptedYaml, "e", Format.BINARY)).isFalse();
    assertThat(PlainInput.hasNoDocument(" \n\n".getBytes(StandardCharsets.UTF_8), Format.YAML)).isTrue();
    assertThat(PlainInput.hasNoDocument("---\n".getBytes(StandardCharsets.UTF_8), Format.YAML)).isFalse();
    assertThat(PlainInput.hasNoDocument(new byte[0], Format.DOTENV)).isFalse();
    assertThat(PlainInput.hasSopsMetadata("a: [".getBytes(StandardCharsets.UTF_8), "bad", Format.YAML)).isFalse();
  }
}
