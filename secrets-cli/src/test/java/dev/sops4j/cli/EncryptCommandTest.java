package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.testkit.SecretsTest;
import dev.sops4j.testkit.TestKeys;
import dev.sops4j.testsupport.Peers;
import dev.sops4j.testsupport.ProjectPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code sops4j encrypt}: keys from options or .sops.yaml, every format, output forms, and each failure's exit code. */
@SecretsTest
class EncryptCommandTest {
  private static final String YAML = "# database\ndb:\n    user: app\n    password: hunter2 # inline\nport_unencrypted: 5432\n";

  @TempDir Path home;
  @TempDir Path dir;

  private X25519Identity key;
  private Path keyFile;

  @BeforeEach
  void keys(TestKeys keys) {
    key = keys.x25519();
    keyFile = keys.ageKeyFile();
  }

  private CliRunner cli() {
    return CliRunner.withEnv(Map.of("HOME", home.toString()));
  }

  private String recipient() {
    return key.recipient().encode();
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private String decrypt(Path file, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("decrypt", "--key-file", keyFile.toString()));
    args.addAll(List.of(extra));
    args.add(file.toString());
    return cli().run(args.toArray(String[]::new)).ok().stdoutText();
  }

  @Test
  void encryptsToStandardOutputWithAgeOption() throws Exception {
    Path plain = write("app.yaml", YAML);

    String out = cli().run("encrypt", "--age", recipient(), plain.toString()).ok().stdoutText();

    assertThat(out).startsWith("#ENC[AES256_GCM,").contains("    user: ENC[AES256_GCM,data:", "port_unencrypted: 5432",
        "recipient: " + recipient(), "unencrypted_suffix: _unencrypted").doesNotContain("hunter2", "database");
    assertThat(Files.readString(plain)).isEqualTo(YAML);
    Path encrypted = write("enc.yaml", out);
    // As with sops 3.13, the inline comment stays at the end of its line.
    assertThat(decrypt(encrypted)).isEqualTo("# database\ndb:\n    user: app\n    password: hunter2 # inline\n"
        + "port_unencrypted: 5432\n");
  }

  @Test
  void everyFormatRoundTrips() throws Exception {
    Map<String, String> files = Map.of("a.json", "{\"token\": \"t-1\", \"n\": [1, 2]}", "a.env", "# c\nTOKEN=t-1\n",
        "a.ini", "[server]\ntoken = t-1\n", "a.bin", "raw t-1 bytes\n", "a.yaml", "token: t-1\n");
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path plain = write(e.getKey(), e.getValue());
      byte[] out = cli().run("encrypt", "--age", recipient(), plain.toString()).ok().stdout();
      assertThat(new String(out, StandardCharsets.UTF_8)).as(e.getKey()).doesNotContain("t-1");
      Path encrypted = dir.resolve("enc-" + e.getKey());
      Files.write(encrypted, out);
      assertThat(decrypt(encrypted, "--output-type", "json")).as(e.getKey()).contains("t-1");
    }
    Path env = dir.resolve("enc-a.env");
    assertThat(decrypt(env)).isEqualTo("# c\nTOKEN=t-1\n");
    assertThat(decrypt(dir.resolve("enc-a.bin"))).isEqualTo("raw t-1 bytes\n");
  }

  @Test
  void inputAndOutputTypesOverrideTheExtension() throws Exception {
    Path plain = write("settings.txt", "{\"a\": \"secret-a\"}");

    String out = cli().run("encrypt", "--age", recipient(), "--input-type", "json", "--output-type", "yaml",
        plain.toString()).ok().stdoutText();

    assertThat(out).startsWith("a: ENC[AES256_GCM,").contains("sops:\n");
    assertThat(decrypt(write("x.yaml", out))).isEqualTo("a: secret-a\n");
  }

  @Test
  void keysAndRulesComeFromTheSopsYamlAboveTheFile() throws Exception {
    write(".sops.yaml", "creation_rules:\n  - path_regex: ^k8s/.*\\.yaml$\n    age: " + recipient()
        + "\n    encrypted_regex: ^(data|stringData)$\n");
    Path plain = write("k8s/prod/secret.yaml", "kind: Secret\nstringData:\n    token: abc\n");

    String out = cli().run("encrypt", plain.toString()).ok().stdoutText();

    assertThat(out).contains("kind: Secret\n", "    token: ENC[AES256_GCM,", "encrypted_regex: ^(data|stringData)$")
        .doesNotContain("abc");
    assertThat(decrypt(write("dec.yaml", out))).contains("token: abc");
  }

  @Test
  void aSopsYmlOnTheWayIsIgnoredWithSopsWarning() throws Exception {
    write(".sops.yaml", "creation_rules:\n  - age: " + recipient() + "\n");
    write("sub/.sops.yml", "creation_rules:\n  - path_regex: never\n");
    Path plain = write("sub/a.yaml", "a: secret-1\n");

    CliRunner.Result result = cli().run("encrypt", plain.toString()).ok();

    assertThat(result.stderr()).startsWith("sops4j: warning: ignoring \"" + dir.resolve("sub/.sops.yml") + "\"")
        .contains("the config file must be called \".sops.yaml\"");
    assertThat(result.stdoutText()).contains("a: ENC[").doesNotContain("secret-1");
  }

  @Test
  void anExplicitConfigOrSopsConfigVariableIsUsedInsteadOfSearching() throws Exception {
    write(".sops.yaml", "creation_rules:\n  - path_regex: nothing-matches\n    age: " + recipient() + "\n");
    Path other = write("conf/other.yaml", "creation_rules:\n  - age: " + recipient() + "\n    encrypted_suffix: _secret\n");
    Path plain = write("a.yaml", "x: 1\ny_secret: 2\n");

    cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG);
    String out = cli().run("encrypt", "--config", other.toString(), plain.toString()).ok().stdoutText();
    String viaEnv = CliRunner.withEnv(Map.of("HOME", home.toString(), "SOPS_CONFIG", other.toString()))
        .run("encrypt", plain.toString()).ok().stdoutText();

    assertThat(out).contains("x: 1\n", "y_secret: ENC[", "encrypted_suffix: _secret");
    assertThat(viaEnv).contains("x: 1\n", "y_secret: ENC[");
  }

  @Test
  void inPlaceReplacesTheFileAtomicallyKeepingItsMode() throws Exception {
    Path plain = write("in/place.yaml", YAML);
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r-----"));
    Object inodeBefore = Files.getAttribute(plain, "unix:ino");

    CliRunner.Result result = cli().run("encrypt", "-i", "--age", recipient(), plain.toString()).ok();

    assertThat(result.stdout()).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain))).isEqualTo("rw-r-----");
    // Renamed over the old file (a new inode), and no temporary file left beside it.
    assertThat(Files.getAttribute(plain, "unix:ino")).isNotEqualTo(inodeBefore);
    try (var listing = Files.list(plain.getParent())) {
      assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly("place.yaml");
    }
    assertThat(Files.readString(plain)).contains("sops:").doesNotContain("hunter2");
    assertThat(decrypt(plain)).contains("password: hunter2");
  }

  @Test
  void inPlaceThroughASymbolicLinkReplacesTheTargetAndKeepsTheLink() throws Exception {
    Path target = write("real/t.yaml", "k: link-secret\n");
    Path link = Files.createSymbolicLink(dir.resolve("t.yaml"), target);

    cli().run("encrypt", "-i", "--age", recipient(), link.toString()).ok();

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(target)).contains("k: ENC[").doesNotContain("link-secret");
  }

  @Test
  void outputWritesANewOwnerOnlyFile() throws Exception {
    Path plain = write("o.json", "{\"k\": \"v-secret\"}");
    Path out = dir.resolve("o.enc.json");

    cli().run("encrypt", "--age", recipient(), "--output", out.toString(), plain.toString()).ok();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(Files.readString(out)).contains("\"sops\": {").doesNotContain("v-secret");
    assertThat(decrypt(out)).contains("\"k\": \"v-secret\"");
  }

  @Test
  void anEncryptedFileIsRefusedWithSops203() throws Exception {
    Path plain = write("twice.yaml", YAML);
    cli().run("encrypt", "-i", "--age", recipient(), plain.toString()).ok();
    String once = Files.readString(plain);

    CliRunner.Result again = cli().run("encrypt", "-i", "--age", recipient(), plain.toString())
        .failsWith(ExitCodes.SOPS_FILE_ALREADY_ENCRYPTED);

    assertThat(again.stderr()).contains("twice.yaml: the file already has sops metadata");
    assertThat(Files.readString(plain)).isEqualTo(once);
    Path env = write("e.env", "A=1\n");
    Files.write(env, cli().run("encrypt", "--age", recipient(), env.toString()).ok().stdout());
    cli().run("encrypt", "--age", recipient(), env.toString()).failsWith(ExitCodes.SOPS_FILE_ALREADY_ENCRYPTED);
  }

  @Test
  void configProblemsHaveSopsExitCodes() throws Exception {
    Path plain = write("p/a.yaml", "a: 1\n");
    cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_CONFIG_FILE_NOT_FOUND)
        .stderr().contains("no keys provided through command line options");

    write("p/.sops.yaml", "creation_rules:\n  - path_regex: ^other/\n    age: " + recipient() + "\n");
    assertThat(cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG).stderr())
        .contains(".sops.yaml: creation_rules: no matching creation rule for 'a.yaml'");

    write("p/.sops.yaml", "creation_rules:\n  - path_regex: a\n");
    assertThat(cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_NO_ENCRYPTION_KEY_FOUND).stderr())
        .contains(".sops.yaml:2: creation_rules[0]: the creation rule names no age or pgp key");

    write("p/.sops.yaml", "creation_rules:\n  - gcp_kms: projects/p/locations/global/keyRings/r/cryptoKeys/k\n");
    assertThat(cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG).stderr())
        .contains("creation_rules[0].gcp_kms: master key type 'gcp_kms' is not supported");

    write("p/.sops.yaml", "creation_rules:\n  - age: " + recipient() + "\n    unencrypted_suffix: _u\n");
    assertThat(cli().run("encrypt", "--encrypted-regex", "x", plain.toString())
        .failsWith(ExitCodes.SOPS_CONFLICTING_PARAMETERS).stderr()).contains("cannot use more than one of");

    write("p/.sops.yaml", "creation_rules:\n  - age: [\n");
    assertThat(cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG).stderr())
        .contains("not valid YAML");
  }

  @Test
  void commandLineMistakesHaveSopsExitCodes() throws Exception {
    Path plain = write("m.yaml", "a: 1\n");
    cli().run("encrypt", "--age", recipient(), "-i", "--output", dir.resolve("x").toString(), plain.toString())
        .failsWith(ExitCodes.SOPS_CONFLICTING_PARAMETERS);
    assertThat(cli().run("encrypt", "--age", recipient(), dir.resolve("missing.yaml").toString())
        .failsWith(ExitCodes.SOPS_NO_FILE_SPECIFIED).stderr()).contains("cannot operate on non-existent file");
    assertThat(cli().run("encrypt", "--age", "age1notarecipient", plain.toString())
        .failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG).stderr()).contains("command line: --age: 'age1notarecipient'");
    cli().run("encrypt", "--age", recipient(), "--input-type", "toml", plain.toString()).failsWith(ExitCodes.USAGE);
  }

  @Test
  void aPlaintextThatDoesNotParseFailsWithoutShowingItsValues() throws Exception {
    String canary = "canary-7f3e-secret";
    Path plain = write("bad.yaml", "password: " + canary + "\nlist: [\n");

    CliRunner.Result result = cli().run("encrypt", "--age", recipient(), plain.toString())
        .failsWith(ExitCodes.SOPS_COULD_NOT_READ_INPUT);

    assertThat(result.stderr()).contains("bad.yaml").doesNotContain(canary);
    Path empty = write("empty.json", "");
    cli().run("encrypt", "--age", recipient(), empty.toString()).failsWith(ExitCodes.SOPS_COULD_NOT_READ_INPUT);
    Path blank = write("blank.yaml", "\n");
    assertThat(cli().run("encrypt", "--age", recipient(), blank.toString())
        .failsWith(ExitCodes.SOPS_NEED_AT_LEAST_ONE_DOCUMENT).stderr()).contains("cannot be completely empty");
  }

  @Test
  void pgpFingerprintsAreLookedUpInTheGivenKeyFiles() throws Exception {
    Path pgpKey = dev.sops4j.testsupport.Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets/key.asc");
    String fingerprint = "7FB8 9715 AADA 920D 65D2 5E63 F9BA 9DEB D03F 57C0";
    write(".sops.yaml", "creation_rules:\n  - pgp: '" + fingerprint + "'\n");
    Path plain = write("g.yaml", "pw: pgp-secret\n");

    String out = cli().run("encrypt", "--pgp-key-file", pgpKey.toString(), plain.toString()).ok().stdoutText();
    Path encrypted = write("g.enc.yaml", out);

    assertThat(out).contains("fp: 7FB89715AADA920D65D25E63F9BA9DEBD03F57C0", "-----BEGIN PGP MESSAGE-----")
        .doesNotContain("pgp-secret");
    assertThat(cli().run("decrypt", "--pgp-key-file", pgpKey.toString(), encrypted.toString()).ok().stdoutText())
        .isEqualTo("pw: pgp-secret\n");
    // Without a source holding the key, the fingerprint is named.
    assertThat(cli().run("encrypt", plain.toString()).failsWith(ExitCodes.SOPS_ERROR_READING_CONFIG).stderr())
        .contains("creation_rules[0].pgp: PGP key 7FB89715AADA920D65D25E63F9BA9DEBD03F57C0");
  }

  /** The project's own .sops.yaml sends new files under examples/ to the demo key kept there. */
  @Test
  void theProjectSopsYamlEncryptsNewExamplesForTheDemoKey() throws Exception {
    Path root = ProjectPaths.root();
    Path copy = dir.resolve("project");
    Files.createDirectories(copy.resolve("examples"));
    Files.copy(root.resolve(".sops.yaml"), copy.resolve(".sops.yaml"));
    Path plain = copy.resolve("examples/new.yaml");
    Files.writeString(plain, "api:\n    token: demo-token\n");

    cli().run("encrypt", "--in-place", plain.toString()).ok();
    String decrypted = cli().run("decrypt", "--key-file", root.resolve("examples/demo-age-key.txt").toString(),
        plain.toString()).ok().stdoutText();

    assertThat(Files.readString(plain)).doesNotContain("demo-token")
        .contains("recipient: age1akgdk95wkmg40uv53xah36yajn0ena6e7x4lrx5ugsdpq4d0uvyqz5l0m2");
    assertThat(decrypted).isEqualTo("api:\n    token: demo-token\n");
  }

  /** sops-age (npm), an independent SOPS reader, opens what the encrypt command wrote. */
  @SuppressWarnings("unchecked")
  @Test
  void sopsAgeReadsFilesMadeByTheCommand() throws Exception {
    Path peers = Peers.npmPackage("sops-age");
    Path node = Peers.executable("node");
    write(".sops.yaml", "creation_rules:\n  - path_regex: \\.(yaml|json|env)$\n    age: " + recipient() + "\n");
    Path yaml = write("s.yaml", "db:\n    password: 'p: w'\n    port: 5432\nlist:\n    - a\n    - b\n");
    Path json = write("s.json", "{\"token\": \"t<&>\", \"n\": 1.5}");
    Path env = write("s.env", "API_KEY=k-1\n");
    for (Path p : List.of(yaml, json, env)) {
      cli().run("encrypt", "-i", p.toString()).ok();
    }
    Path driver = write("decrypt.mjs", """
        import { createRequire } from "node:module";
        import { join } from "node:path";
        import { pathToFileURL } from "node:url";
        const [peers, key, ...files] = process.argv.slice(2);
        const req = createRequire(join(peers, "node_modules", "sops-age", "package.json"));
        const { decryptSops } = await import(pathToFileURL(req.resolve("sops-age")).href);
        const out = {};
        for (const path of files) {
          out[path.split("/").pop()] = await decryptSops({ path, secretKey: key });
        }
        process.stdout.write(JSON.stringify(out));
        """);
    String stdout = ProcessRunner.runOk(dir, List.of(node.toString(), driver.toString(), peers.toString(),
        key.encode(), yaml.toString(), json.toString(), env.toString()), null).stdoutText();

    Map<String, Object> all = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(stdout);
    Map<String, Object> fromYaml = (Map<String, Object>) all.get("s.yaml");
    assertThat((Map<String, Object>) fromYaml.get("db")).containsEntry("password", "p: w").containsEntry("port", 5432);
    assertThat(fromYaml.get("list")).isEqualTo(List.of("a", "b"));
    assertThat((Map<String, Object>) all.get("s.json")).containsEntry("token", "t<&>").containsEntry("n", 1.5);
    assertThat((Map<String, Object>) all.get("s.env")).containsEntry("API_KEY", "k-1");
  }
}
