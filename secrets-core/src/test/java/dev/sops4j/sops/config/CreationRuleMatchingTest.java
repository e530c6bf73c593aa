package dev.sops4j.sops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.SopsConfigException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which rule applies to a file (paths relative to the config, first match), and finding the config by walking up. */
class CreationRuleMatchingTest {
  @TempDir Path dir;

  private SopsConfig config(Path file, String yaml) throws Exception {
    return SopsConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), file);
  }

  @Test
  void pathsAreRelativeToTheConfigDirectory() throws Exception {
    SopsConfig config = config(dir.resolve(".sops.yaml"), """
        creation_rules:
          - path_regex: ^secrets/[^/]+\\.yaml$
            age: a
          - path_regex: \\.env$
            age: b
        """);

    assertThat(config.relativePath(dir.resolve("secrets/db.yaml"))).isEqualTo("secrets/db.yaml");
    assertThat(config.relativePath(dir.resolve("x/../secrets/./db.yaml"))).isEqualTo("secrets/db.yaml");
    assertThat(config.ruleFor(dir.resolve("secrets/db.yaml")).index()).isZero();
    assertThat(config.ruleFor(dir.resolve("deep/app.env")).index()).isEqualTo(1);
    // Anchored at the start: a nested secrets/ does not match rule 0.
    assertThatThrownBy(() -> config.ruleFor(dir.resolve("deep/secrets/db.yaml")))
        .isInstanceOf(SopsConfigException.class)
        .hasMessage(config.name() + ": creation_rules: no matching creation rule for 'deep/secrets/db.yaml' "
            + "(2 rules checked)")
        .extracting(e -> ((SopsConfigException) e).problem()).isEqualTo(Problem.NO_MATCHING_RULE);
  }

  @Test
  void aFileOutsideTheConfigDirectoryIsMatchedByItsAbsolutePath() throws Exception {
    SopsConfig config = config(dir.resolve("project/.sops.yaml"), "creation_rules:\n  - path_regex: ^/\n    age: a\n");
    Path outside = dir.resolve("elsewhere/a.yaml");

    assertThat(config.relativePath(outside)).isEqualTo(outside.toString());
    assertThat(config.ruleFor(outside).index()).isZero();
    // A sibling whose name starts with the directory's name is not inside it.
    assertThat(config.relativePath(dir.resolve("project2/a.yaml"))).startsWith("/");
  }

  @Test
  void theFirstMatchingRuleWinsAndARuleWithoutRegexMatchesEverything() throws Exception {
    SopsConfig config = config(dir.resolve(".sops.yaml"), """
        creation_rules:
          - path_regex: prod
            age: a
          - path_regex: ''
            age: b
          - path_regex: '(unreachable'
            age: c
        """);

    assertThat(config.ruleFor(dir.resolve("prod/x.yaml")).index()).isZero();
    assertThat(config.ruleFor(dir.resolve("x/prod.yaml")).index()).isZero(); // unanchored search
    assertThat(config.ruleFor(dir.resolve("dev/x.yaml")).index()).isEqualTo(1);
  }

  @Test
  void anInvalidRegexBeforeTheMatchIsNamed() throws Exception {
    SopsConfig config = config(dir.resolve(".sops.yaml"), """
        creation_rules:
          - path_regex: ^a
            age: a
          - path_regex: '(?=lookahead)'
            age: b
        """);

    assertThat(config.ruleFor(dir.resolve("a.yaml")).index()).isZero();
    assertThatThrownBy(() -> config.ruleFor(dir.resolve("b.yaml")))
        .hasMessageStartingWith(config.name() + ":4: creation_rules[1].path_regex: cannot compile '(?=lookahead)': "
            + "invalid regular expression: invalid or unsupported Perl syntax: `(?=`");
  }

  @Test
  void re2SyntaxIsUnderstood() throws Exception {
    SopsConfig config = config(dir.resolve(".sops.yaml"),
        "creation_rules:\n  - path_regex: '^(?P<env>dev|prod)/[[:alpha:]]+\\.yaml$'\n    age: a\n");
    assertThat(config.ruleFor(dir.resolve("dev/db.yaml")).index()).isZero();
    assertThatThrownBy(() -> config.ruleFor(dir.resolve("dev/db1.yaml"))).isInstanceOf(SopsConfigException.class);
  }

  @Test
  void lookupWalksUpToTheNearestConfig() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("a/b/c"));
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules: []\n");

    assertThat(ConfigLookup.findFor(nested.resolve("s.yaml")).config()).contains(dir.resolve(".sops.yaml"));

    Files.writeString(dir.resolve("a/.sops.yaml"), "creation_rules: []\n");
    ConfigLookup.Result nearer = ConfigLookup.find(nested);
    assertThat(nearer.config()).contains(dir.resolve("a/.sops.yaml"));
    assertThat(nearer.warning()).isEmpty();
  }

  @Test
  void aSopsYmlIsIgnoredWithSopsWarning() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/.sops.yml"), "creation_rules: []\n");
    Files.writeString(dir.resolve(".sops.yaml"), "creation_rules: []\n");

    ConfigLookup.Result result = ConfigLookup.find(nested);

    assertThat(result.config()).contains(dir.resolve(".sops.yaml"));
    assertThat(result.warning()).hasValueSatisfying(w -> assertThat(w).contains(dir.resolve("a/.sops.yml").toString())
        .contains("the config file must be called \".sops.yaml\""));
  }

  @Test
  void nothingFoundIsEmpty() throws Exception {
    Path nested = Files.createDirectories(dir.resolve("x"));
    Files.writeString(nested.resolve(".sops.yml"), "");
    ConfigLookup.Result result = ConfigLookup.find(nested);
    // A .sops.yaml above the temporary directory would be found: only assert when none is.
    if (result.config().isEmpty()) {
      assertThat(result.warning()).hasValueSatisfying(w -> assertThat(w).startsWith("ignoring \""));
    } else {
      assertThat(result.config().get().startsWith(dir)).isFalse();
    }
  }
}
