package dev.sops4j.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.install.ManifestReader.Dialect;
import dev.sops4j.template.Placeholders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private static final String DB = Placeholders.sopsNix("db/password");
  private static final String BIN = Placeholders.sopsNix("blob");

  /**
   * What {@code builtins.toJSON} in sops-nix's manifest-for.nix writes: one line, keys sorted, every
   * option of every secret and template (including sopsFileHash and neededForUsers, which the Go
   * program ignores), null for unset owners and groups.
   */
  static String sopsNixManifest() {
    return ("""
        {"ageKeyFile":"/var/lib/sops-nix/key.txt","ageSshKeyPaths":["/etc/ssh/ssh_host_ed25519_key"],\
        "gnupgHome":null,"keepGenerations":3,"logging":{"keyImport":false,"secretChanges":true},\
        "placeholderBySecretName":{"blob":"%s","db/password":"%s"},\
        "secrets":[\
        {"format":"binary","gid":0,"group":null,"key":"blob","mode":"0400","name":"blob",\
        "neededForUsers":false,"owner":null,"path":"/run/secrets/blob","reloadUnits":[],\
        "restartUnits":[],"sopsFile":"/nix/store/aaaa-secrets.bin","sopsFileHash":"abc","uid":0},\
        {"format":"yaml","gid":0,"group":"postgres","key":"db/password","mode":"0440",\
        "name":"db/password","neededForUsers":false,"owner":"postgres",\
        "path":"/var/lib/postgres/pw","reloadUnits":["postgresql.service"],\
        "restartUnits":["app.service","web.service"],"sopsFile":"/nix/store/bbbb-secrets.yaml",\
        "sopsFileHash":"def","uid":0}],\
        "secretsMountPoint":"/run/secrets.d","sshKeyPaths":[],"symlinkPath":"/run/secrets",\
        "templates":[{"content":"PW=%s\\n","file":"/nix/store/cccc-app.env","gid":990,\
        "group":null,"mode":"0400","name":"app.env","owner":"app","path":"/run/secrets/rendered/app.env",\
        "reloadUnits":[],"restartUnits":["app.service"],"uid":0}],\
        "useTmpfs":true,"userMode":false}""").formatted(BIN, DB, DB);
  }

  @Test
  void readsEveryFieldOfASopsNixManifest() throws Exception {
    String json = sopsNixManifest();
    assertThat(json).doesNotContain("\n");
    Manifest m = ManifestReader.read(json, "manifest.json", null, null);
    assertThat(m.ageKeyFile()).isEqualTo("/var/lib/sops-nix/key.txt");
    assertThat(m.ageSshKeyPaths()).containsExactly("/etc/ssh/ssh_host_ed25519_key");
    assertThat(m.gnupgHome()).isNull();
    assertThat(m.keepGenerations()).isEqualTo(3);
    assertThat(m.logging()).isEqualTo(new Logging(false, true));
    assertThat(m.placeholderBySecretName()).containsExactlyInAnyOrderEntriesOf(
        Map.of("blob", BIN, "db/password", DB));
    assertThat(m.secretsMountPoint()).isEqualTo("/run/secrets.d");
    assertThat(m.sshKeyPaths()).isEmpty();
    assertThat(m.symlinkPath()).isEqualTo("/run/secrets");
    assertThat(m.useTmpfs()).isTrue();
    assertThat(m.userMode()).isFalse();
    assertThat(m.warnings()).isEmpty();

    assertThat(m.secrets()).containsExactly(
        new SecretSpec("blob", "blob", "/run/secrets/blob", null, null, 0, 0,
            "/nix/store/aaaa-secrets.bin", "binary", "0400", java.util.List.of(),
            java.util.List.of()),
        new SecretSpec("db/password", "db/password", "/var/lib/postgres/pw", "postgres",
            "postgres", 0, 0, "/nix/store/bbbb-secrets.yaml", "yaml", "0440",
            java.util.List.of("app.service", "web.service"),
            java.util.List.of("postgresql.service")));
    assertThat(m.templates()).containsExactly(new TemplateSpec("app.env", "PW=" + DB + "\n",
        "/nix/store/cccc-app.env", "/run/secrets/rendered/app.env", "0400", "app", null, 0, 990,
        java.util.List.of("app.service"), java.util.List.of()));
    assertThat(ManifestValidator.problems(m, TemplateSpec.FileReader.DISK)).isEmpty();
  }

  @Test
  void sopsNixDialectIsDetectedAndDecodedAsGoDoes() throws Exception {
    String json = """
        {"placeholderBySecretName":{},"userMode":true,"futureField":{"x":[1]},
         "Secrets":[{"NAME":"a","sopsfile":"/f.yaml","format":"toml","extra":1},
                    {"name":"b","sopsFile":"/g","format":""}]}
        """;
    Manifest m = ManifestReader.read(json, "m.json", null, null);
    assertThat(m.secrets()).extracting(SecretSpec::name).containsExactly("a", "b");
    SecretSpec a = m.secrets().get(0);
    assertThat(a.sopsFile()).isEqualTo("/f.yaml");
    assertThat(a.format()).isEqualTo("yaml");
    assertThat(m.secrets().get(1).format()).isEqualTo("yaml");
    assertThat(m.warnings()).singleElement().asString()
        .contains("line 2").contains("secret 'a'").contains("unknown format 'toml'")
        .contains("read as yaml");
  }

  @Test
  void readsOurYamlFormWithMappingsRelativeFilesAndUnquotedModes(@TempDir Path dir)
      throws Exception {
    String yaml = """
        # sops4j manifest
        symlinkPath: /run/app-secrets
        secretsMountPoint: /run/app-secrets.d
        keepGenerations: 0
        ageKeyFile: /etc/app/age.txt
        logging: {keyImport: false}
        secrets:
          db/password:
            sopsFile: secrets/app.yaml
            mode: 0440
            owner: app
            restartUnits: [app.service]
          tls/key:
            sopsFile: /abs/tls.bin
            format: binary
          whole:
            sopsFile: secrets/app.yaml
            key: ""
          plain:
        templates:
          app.env:
            content: |
              PW={{ sops:db/password }}
          nginx.conf:
            file: tpl/nginx.conf
            owner: nginx
        """;
    Path file = dir.resolve("manifest.yaml");
    Files.writeString(file, yaml);
    Manifest m = ManifestReader.read(file);
    assertThat(m.symlinkPath()).isEqualTo("/run/app-secrets");
    assertThat(m.keepGenerations()).isZero();
    assertThat(m.logging()).isEqualTo(new Logging(false, true));
    SecretSpec db = m.secret("db/password").orElseThrow();
    assertThat(db.sopsFile()).isEqualTo(dir.toAbsolutePath().resolve("secrets/app.yaml").toString());
    assertThat(db.mode()).isEqualTo("0440");
    assertThat(db.key()).isEqualTo("db/password");
    assertThat(db.path()).isEqualTo("/run/app-secrets/db/password");
    assertThat(db.restartUnits()).containsExactly("app.service");
    assertThat(m.secret("tls/key").orElseThrow().sopsFile()).isEqualTo("/abs/tls.bin");
    assertThat(m.secret("whole").orElseThrow().key()).isEmpty();
    assertThat(m.secret("plain").orElseThrow().sopsFile()).isNull();
    assertThat(m.template("app.env").orElseThrow().content())
        .isEqualTo("PW={{ sops:db/password }}\n");
    assertThat(m.template("nginx.conf").orElseThrow().file())
        .isEqualTo(dir.toAbsolutePath().resolve("tpl/nginx.conf").toString());
    assertThat(m.template("nginx.conf").orElseThrow().path())
        .isEqualTo("/run/app-secrets/rendered/nginx.conf");
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void ourDialectWarnsAboutUnknownFieldsAndKeepsUnknownFormats() throws Exception {
    String yaml = """
        secrets:
          - name: a
            sopsFile: /f
            format: toml
            restartUnit: typo.service
        """;
    Manifest m = ManifestReader.read(yaml, "m.yaml", Dialect.SOPS4J, null);
    assertThat(m.secrets().get(0).format()).isEqualTo("toml");
    assertThat(m.warnings()).singleElement().asString()
        .isEqualTo("line 5: secret 'a': unknown field 'restartUnit' ignored");
    assertThat(ManifestValidator.problems(m, TemplateSpec.FileReader.DISK)).singleElement()
        .asString().contains("unknown format 'toml'");
  }

  @Test
  void everyReadingProblemIsReportedWithItsLine() {
    String yaml = """
        keepGenerations: many
        useTmpfs: maybe
        sshKeyPaths: /not/a/list
        secrets:
          a:
            sopsFile: /f
            uid: abc
            mode: [1]
            name: other
          b: 42
        templates:
          - just a string
        logging: yes please
        """;
    ManifestException e = catchThrowableOfType(
        () -> ManifestReader.read(yaml, "bad.yaml", Dialect.SOPS4J, null), ManifestException.class);
    assertThat(e.source()).isEqualTo("bad.yaml");
    assertThat(e.problems()).extracting(ManifestProblem::line)
        .containsExactlyInAnyOrder(1, 2, 3, 7, 8, 9, 10, 12, 13);
    assertThat(e.getMessage()).startsWith("manifest bad.yaml is not valid (9 problems):")
        .contains("line 7: secret 'a': uid must be a whole number")
        .contains("line 9: secret 'a': field 'name' is not allowed here");
  }

  @Test
  void sopsNixDialectWantsListsAndReportsDuplicateFields() {
    String json = """
        {"placeholderBySecretName":{},"userMode":false,
         "secrets":{"a":{"sopsFile":"/f"}},
         "templates":[{"name":"t","mode":"0400","Mode":"0444"}]}
        """;
    ManifestException e = catchThrowableOfType(
        () -> ManifestReader.read(json, "m.json", null, null), ManifestException.class);
    assertThat(e.problems()).extracting(ManifestProblem::toString).containsExactly(
        "line 2: manifest: secrets must be a list",
        "line 3: template 't': field 'mode' is given more than once");
  }

  @Test
  void syntaxErrorsNameTheLineButNoContent() {
    String yaml = "secrets:\n  - name: a\n    sopsFile: [unclosed CANARY-VALUE\n";
    ManifestException e = catchThrowableOfType(
        () -> ManifestReader.read(yaml, "broken.yaml", null, null), ManifestException.class);
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isPositive());
    assertThat(e.getMessage()).contains("broken.yaml").doesNotContain("CANARY");
  }

  @Test
  void emptyAndNonMappingDocumentsAreRejected() {
    assertThat(catchThrowableOfType(() -> ManifestReader.read("", "e", null, null),
        ManifestException.class).getMessage()).contains("is empty");
    assertThat(catchThrowableOfType(() -> ManifestReader.read("[1]", "l", null, null),
        ManifestException.class).getMessage()).contains("top level must be a mapping");
  }

  @Test
  void readsFromAFileAsUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manifest.json");
    Files.write(file, sopsNixManifest().replace("app.env", "äpp.env")
        .getBytes(StandardCharsets.UTF_8));
    Manifest m = ManifestReader.read(file, Dialect.SOPS_NIX);
    assertThat(m.templates().get(0).name()).isEqualTo("äpp.env");
    // sops-nix paths are never resolved against the manifest's directory
    assertThat(m.secrets().get(0).sopsFile()).isEqualTo("/nix/store/aaaa-secrets.bin");
  }

  @Test
  void ourDialectInJsonReadsLikeItsYaml() throws Exception {
    String json = """
        {"symlinkPath": "/run/app", "secrets": {"api": {"sopsFile": "s.json", "format": "json",
         "key": "svc/api", "uid": 1000}}, "templates": [{"name": "t", "content": "{{ sops:api }}"}]}
        """;
    Manifest m = ManifestReader.read(json, "m.json", null, Path.of("/etc/app"));
    SecretSpec api = m.secret("api").orElseThrow();
    assertThat(api.sopsFile()).isEqualTo("/etc/app/s.json");
    assertThat(api.format()).isEqualTo("json");
    assertThat(api.key()).isEqualTo("svc/api");
    assertThat(api.uid()).isEqualTo(1000);
    assertThat(api.path()).isEqualTo("/run/app/api");
    assertThat(m.template("t").orElseThrow().path()).isEqualTo("/run/app/rendered/t");
    assertThat(ManifestValidator.problems(m, TemplateSpec.FileReader.DISK)).isEmpty();
  }
}
