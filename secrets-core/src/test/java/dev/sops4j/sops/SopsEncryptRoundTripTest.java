package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Files sops4j encrypts decrypt to the same values with sops4j (every format, key groups) and, for
 * YAML, JSON and dotenv, with the npm package {@code sops-age}, an independent SOPS reader.
 */
class SopsEncryptRoundTripTest {
  private static final String YAML = """
      # top comment
      db:
          user: app
          password: "s3cr3t: with colon"   # trailing
          port: 5432
          ratio: 0.25
          enabled: true
      hosts:
          - alpha
          - beta
      unicode: "grüße ✓"
      public_unencrypted: visible
      """;
  private static final String JSON = "{\n\t\"token\": \"abc<&>\",\n\t\"n\": 42,\n\t\"nested\": {\n\t\t\"list\": [1, \"two\", false]\n\t}\n}\n";
  private static final String DOTENV = "# comment\nAPI_KEY=k-123\nMULTI=line1\\nline2\n";
  private static final String INI = "[server]\nhost = example.org\nsecret = hunter2\n";

  @TempDir Path dir;

  private final X25519Identity identity = X25519Identity.generate();
  private final X25519Identity other = X25519Identity.generate();

  private EncryptOptions to(X25519Identity... ids) {
    return EncryptOptions.of(new MasterKeyGroup(
        java.util.Arrays.stream(ids).map(i -> new MasterKeyGroup.AgeTarget(i.recipient().encode(), i.recipient()))
            .toList(), List.of()));
  }

  private SopsFile roundTrip(String plain, Format format, EncryptOptions options, Identity... keys) throws Exception {
    byte[] encrypted = Sops.encrypt(plain.getBytes(StandardCharsets.UTF_8), "plain." + format.id(), format, options);
    return Sops.decrypt(encrypted, "enc." + format.id(), KeyRing.of(List.of(keys)),
        DecryptOptions.defaults().withFormat(format));
  }

  @Test
  void everyFormatRoundTripsThroughEncryptAndDecrypt() throws Exception {
    for (Map.Entry<Format, String> e : Map.of(Format.YAML, YAML, Format.JSON, JSON, Format.DOTENV, DOTENV,
        Format.INI, INI, Format.BINARY, "raw \u0000 bytes\n").entrySet()) {
      Format format = e.getKey();
      byte[] plainBytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      SopsFile file = roundTrip(e.getValue(), format, to(identity, other), other);

      assertThat(file.documents()).as(format.id()).isEqualTo(format.store().readPlain(plainBytes, "plain"));
      assertThat(file.emit()).as(format.id()).isEqualTo(format.store().writePlain(file.documents()));
    }
  }

  @Test
  void encryptedYamlHidesValuesButKeepsKeysCommentsAndSuffixedValuesClear() throws Exception {
    String text = new String(Sops.encrypt(YAML.getBytes(StandardCharsets.UTF_8), "p.yaml", Format.YAML,
        to(identity)), StandardCharsets.UTF_8);

    assertThat(text).contains("db:\n", "    user: ENC[AES256_GCM,data:", "type:int]", "type:float]", "type:bool]",
        "public_unencrypted: visible", "#ENC[AES256_GCM,", "sops:\n", "    age:\n",
        "recipient: " + identity.recipient().encode(), "-----BEGIN AGE ENCRYPTED FILE-----",
        "    lastmodified: ", "    mac: ENC[AES256_GCM,", "    unencrypted_suffix: _unencrypted", "    version: 3.13.2")
        .doesNotContain("s3cr3t").doesNotContain("hunter2").doesNotContain("top comment");
  }

  @Test
  void inlineYamlCommentsAreEncryptedAtTheEndOfTheirLineAndComeBackThere() throws Exception {
    String plain = "db:\n    password: s3cr3t # rotated in may\n    user: app\nitems:\n    - one # first\n";
    String text = new String(Sops.encrypt(plain.getBytes(StandardCharsets.UTF_8), "p.yaml", Format.YAML,
        to(identity)), StandardCharsets.UTF_8);
    assertThat(text).containsPattern("\n    password: ENC\\[AES256_GCM,[^\\]]*type:str\\] #ENC\\[AES256_GCM,[^\\]]*"
        + "type:comment\\]\n").doesNotContain("rotated").doesNotContain("s3cr3t");
    SopsFile file = Sops.decrypt(text.getBytes(StandardCharsets.UTF_8), "enc.yaml", KeyRing.of(List.of(identity)),
        DecryptOptions.defaults().withFormat(Format.YAML));
    assertThat(new String(file.emit(), StandardCharsets.UTF_8)).isEqualTo(plain);
  }

  /** Every age recipient type is a master key: post-quantum, ssh-ed25519 (native and converted), ssh-rsa. */
  @Test
  void everyAgeRecipientTypeOpensTheFileWithItsIdentity() throws Exception {
    java.nio.file.Path sshKey = dev.sops4j.testsupport.Fixtures.path("ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519");
    java.nio.file.Path rsaKey = dev.sops4j.testsupport.Fixtures.path("generated/id_rsa_test");
    String sshLine = java.nio.file.Files.readString(sshKey.resolveSibling("id_ed25519.pub")).strip();
    String rsaLine = java.nio.file.Files.readString(rsaKey.resolveSibling("id_rsa_test.pub")).strip();
    dev.sops4j.age.MlKem768X25519Identity pq = dev.sops4j.age.MlKem768X25519Identity.generate();
    dev.sops4j.ssh.SshPrivateKey ed = dev.sops4j.ssh.OpenSshKeyParser.readPrivateKey(sshKey);
    X25519Identity converted = dev.sops4j.age.SshToAge.identity(ed, "id_ed25519");
    List<Object[]> cases = List.of(
        new Object[] {pq.recipient().encode(), pq},
        new Object[] {sshLine, dev.sops4j.age.SshKeys.identity(ed)},
        new Object[] {converted.recipient().encode(), converted},
        new Object[] {rsaLine, dev.sops4j.age.SshKeys.identity(dev.sops4j.ssh.OpenSshKeyParser.readPrivateKey(rsaKey))});
    for (Object[] c : cases) {
      String text = (String) c[0];
      EncryptOptions options = EncryptOptions.of(new MasterKeyGroup(
          List.of(new MasterKeyGroup.AgeTarget(text, AgeKeys.parseRecipient(text))), List.of()));

      SopsFile file = roundTrip(YAML, Format.YAML, options, (Identity) c[1]);

      assertThat(file.text("db/password")).as(text).isEqualTo("s3cr3t: with colon");
      assertThat(file.metadata().masterKeys().get(0).description()).isEqualTo(text);
    }
  }

  @Test
  void keyGroupsNeedTheThreshold() throws Exception {
    X25519Identity third = X25519Identity.generate();
    EncryptOptions options = new EncryptOptions(List.of(group(identity), group(other), group(third)), 2,
        EncryptionRules.defaults(), false);
    byte[] encrypted = Sops.encrypt(YAML.getBytes(StandardCharsets.UTF_8), "p.yaml", Format.YAML, options);
    DecryptOptions yaml = DecryptOptions.defaults().withFormat(Format.YAML);

    SopsFile two = Sops.decrypt(encrypted, "enc.yaml", KeyRing.of(List.of(identity, third)), yaml);

    assertThat(two.text("db/user")).isEqualTo("app");
    assertThat(new String(encrypted, StandardCharsets.UTF_8)).contains("key_groups:", "shamir_threshold: 2");
    assertThatThrownBy(() -> Sops.decrypt(encrypted, "enc.yaml", KeyRing.of(List.of(other)), yaml))
        .isInstanceOf(SopsDataKeyException.class).hasMessageContaining("1 of 3 key groups opened, 2 needed");
  }

  private static MasterKeyGroup group(X25519Identity id) {
    return new MasterKeyGroup(List.of(new MasterKeyGroup.AgeTarget(id.recipient().encode(), id.recipient())),
        List.of());
  }

  @Test
  void macOnlyEncryptedAndOtherRulesSurviveTheRoundTrip() throws Exception {
    EncryptOptions options = new EncryptOptions(to(identity).keyGroups(), 0,
        EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_REGEX, "^pass"), true);
    byte[] encrypted = Sops.encrypt(YAML.getBytes(StandardCharsets.UTF_8), "p.yaml", Format.YAML, options);
    String text = new String(encrypted, StandardCharsets.UTF_8);

    SopsFile file = Sops.decrypt(encrypted, "enc.yaml", KeyRing.of(List.of(identity)),
        DecryptOptions.defaults().withFormat(Format.YAML));

    assertThat(text).contains("user: app").contains("encrypted_regex: ^pass").contains("mac_only_encrypted: true")
        .doesNotContain("s3cr3t");
    assertThat(file.text("db/password")).isEqualTo("s3cr3t: with colon");
  }

  /** sops-age (npm), an independent reader, decrypts what sops4j wrote. */
  @SuppressWarnings("unchecked")
  @Test
  void sopsAgeReadsOurYamlJsonAndDotenv() throws Exception {
    Path peers = Peers.npmPackage("sops-age");
    Path node = Peers.executable("node");
    Path yaml = dir.resolve("s.yaml");
    Path json = dir.resolve("s.json");
    Path env = dir.resolve("s.env");
    Files.write(yaml, Sops.encrypt(YAML.getBytes(StandardCharsets.UTF_8), "p.yaml", Format.YAML, to(identity)));
    Files.write(json, Sops.encrypt(JSON.getBytes(StandardCharsets.UTF_8), "p.json", Format.JSON, to(identity)));
    Files.write(env, Sops.encrypt(DOTENV.getBytes(StandardCharsets.UTF_8), "p.env", Format.DOTENV, to(identity)));
    Path driver = dir.resolve("decrypt.mjs");
    Files.writeString(driver, """
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
        AgeKeys.identityFileText(identity.encode(), identity.recipient().encode(), java.time.Instant.EPOCH)
            .lines().filter(l -> l.startsWith("AGE-SECRET-KEY-")).findFirst().orElseThrow(),
        yaml.toString(), json.toString(), env.toString()), null).stdoutText();

    Map<String, Object> all = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(stdout);
    Map<String, Object> fromYaml = (Map<String, Object>) all.get("s.yaml");
    assertThat((Map<String, Object>) fromYaml.get("db")).containsEntry("password", "s3cr3t: with colon")
        .containsEntry("port", 5432).containsEntry("enabled", true).containsEntry("ratio", 0.25);
    assertThat(fromYaml.get("hosts")).isEqualTo(List.of("alpha", "beta"));
    assertThat(fromYaml).containsEntry("unicode", "grüße ✓").containsEntry("public_unencrypted", "visible");
    Map<String, Object> fromJson = (Map<String, Object>) all.get("s.json");
    assertThat(fromJson).containsEntry("token", "abc<&>").containsEntry("n", 42);
    assertThat(((Map<?, ?>) fromJson.get("nested")).get("list")).isEqualTo(List.of(1, "two", false));
    assertThat((Map<String, Object>) all.get("s.env")).containsEntry("API_KEY", "k-123").containsEntry("MULTI", "line1\nline2");
  }
}
