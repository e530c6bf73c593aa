package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.ssh.SshKeyException;
import dev.sops4j.ssh.SshPrivateKey;
import dev.sops4j.ssh.SshRsaPublicKey;
import dev.sops4j.testsupport.Fixtures;
import dev.sops4j.testsupport.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * sops4j's ssh-to-age conversion against the npm package {@code sops-age} (4.0.x), which converts the
 * SSH keys it finds ({@code SOPS_AGE_SSH_PRIVATE_KEY_FILE}, {@code ~/.ssh/id_ed25519}, {@code ~/.ssh/id_rsa})
 * with its exported {@code sshKeyToAge(text, name)}. The recipient of its identity comes from the
 * {@code identityToRecipient} of the {@code age-encryption} copy sops-age itself depends on. One node
 * process converts every key; the driver script is written into the temporary folder.
 *
 * <p>What sops-age does differently, pinned by the tests below:
 * <ul>
 *   <li>ed25519: the same conversion as ssh-to-age (first 32 bytes of SHA-512 of the seed, unclamped);
 *       sops4j must agree on every key.</li>
 *   <li>RSA: sops-age makes an X25519 identity from SHA-256 of the public modulus and exponent (clamped).
 *       That identity follows from the public key alone, so anyone holding {@code id_rsa.pub} can open files
 *       encrypted to it. sops4j refuses to convert RSA keys ({@link SshToAge#ONLY_ED25519}); sops itself uses
 *       age's native {@code ssh-rsa} stanza for them.</li>
 *   <li>passphrase-protected keys: sops-age passes no passphrase and fails; sops4j converts them when given
 *       the passphrase.</li>
 *   <li>ECDSA keys: sops-age returns null (skipped); sops4j's parser refuses the key type.</li>
 * </ul>
 * Also the sops-nix fixtures: the host key {@code ssh-ed25519-key} converts to the derived identity and,
 * as the only key in a ring, opens the data key of its entry in {@code secrets.yaml}.
 */
class SopsAgeConversionTest {
  private static final int GENERATED_ED25519 = 40;
  private static final String PASSPHRASE = "sops-age canary passphrase 41c9";
  private static final String SSH_TO_AGE_KEY = "ssh-to-age/cmd/ssh-to-age/test-assets/id_ed25519";
  private static final String SOPS_NIX = "sops-nix/pkgs/sops-install-secrets/test-assets/";
  private static final String SOPS_NIX_RECIPIENT = "age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs";

  /** The node driver: {@code node convert.mjs <peers dir> <private key file>...}, JSON array on stdout. */
  private static final String DRIVER = """
      // Converts OpenSSH private keys with sops-age for SopsAgeConversionTest.
      import { readFile } from "node:fs/promises";
      import { createRequire } from "node:module";
      import { join } from "node:path";
      import { pathToFileURL } from "node:url";

      const [peers, ...files] = process.argv.slice(2);
      // resolve both packages from sops-age's own folder: its age-encryption is the one it uses
      const fromSopsAge = createRequire(join(peers, "node_modules", "sops-age", "package.json"));
      const sopsAge = await import(pathToFileURL(fromSopsAge.resolve("sops-age")).href);
      const age = await import(pathToFileURL(fromSopsAge.resolve("age-encryption")).href);
      const results = [];
      for (const file of files) {
        try {
          const identity = sopsAge.sshKeyToAge(await readFile(file, "utf8"), file);
          const recipient = identity === null ? null : await age.identityToRecipient(identity);
          results.push({ file, identity, recipient, error: null });
        } catch (e) {
          results.push({ file, identity: null, recipient: null, error: String(e && e.message) });
        }
      }
      process.stdout.write(JSON.stringify(results));
      """;

  /** What sops-age made of one private key file: identity and recipient, or null, or an error text. */
  private record Converted(String identity, String recipient, String error) {}

  @TempDir
  static Path dir;
  private static final List<Path> GENERATED = new ArrayList<>();
  private static final List<Path> RSA = new ArrayList<>();
  private static Path passphraseKey;
  private static Path ecdsaKey;
  private static final Map<String, Converted> SOPS_AGE = new HashMap<>();

  @BeforeAll
  static void convertEveryKeyWithSopsAge() throws Exception {
    Path peers = Peers.npmPackage("sops-age");
    Path node = Peers.executable("node");
    Path sshKeygen = Peers.executable("ssh-keygen");
    for (int i = 0; i < GENERATED_ED25519; i++) {
      GENERATED.add(ProcessRunner.sshKeygen(sshKeygen, dir, "ed25519-" + i, "-t", "ed25519", "-C", "key " + i));
    }
    RSA.add(ProcessRunner.sshKeygen(sshKeygen, dir, "rsa-2048", "-t", "rsa", "-b", "2048"));
    RSA.add(ProcessRunner.sshKeygen(sshKeygen, dir, "rsa-3072-pem", "-t", "rsa", "-b", "3072", "-m", "PEM"));
    ecdsaKey = ProcessRunner.sshKeygen(sshKeygen, dir, "ecdsa", "-t", "ecdsa");
    passphraseKey = dir.resolve("ed25519-passphrase");
    ProcessRunner.runOk(dir, List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", PASSPHRASE,
        "-f", passphraseKey.toString()), null);

    List<Path> all = new ArrayList<>(GENERATED);
    all.addAll(RSA);
    all.addAll(List.of(ecdsaKey, passphraseKey, Fixtures.path(SSH_TO_AGE_KEY), Fixtures.path(SOPS_NIX + "ssh-ed25519-key")));
    Path driver = dir.resolve("convert.mjs");
    Files.writeString(driver, DRIVER);
    List<String> command = new ArrayList<>(List.of(node.toString(), driver.toString(), peers.toString()));
    all.forEach(p -> command.add(p.toString()));
    String json = ProcessRunner.runOk(dir, command, null).stdoutText();

    Object parsed = new Load(LoadSettings.builder().build()).loadFromString(json);
    assertThat(parsed).isInstanceOf(List.class);
    for (Object item : (List<?>) parsed) {
      Map<?, ?> m = (Map<?, ?>) item;
      SOPS_AGE.put((String) m.get("file"),
          new Converted((String) m.get("identity"), (String) m.get("recipient"), (String) m.get("error")));
    }
    assertThat(SOPS_AGE).hasSize(all.size());
  }

  private static Converted sopsAge(Path key) {
    Converted c = SOPS_AGE.get(key.toString());
    assertThat(c).as("sops-age result for %s", key.getFileName()).isNotNull();
    return c;
  }

  @Test
  void everyGeneratedEd25519KeyConvertsAsSopsAgeDoes() throws Exception {
    Set<String> recipients = new HashSet<>();
    for (Path key : GENERATED) {
      Converted theirs = sopsAge(key);
      assertThat(theirs.error()).as("sops-age error for %s", key.getFileName()).isNull();
      SshPrivateKey privateKey = OpenSshKeyParser.readPrivateKey(key);
      assertSameSecret(SshToAge.identity(privateKey, key.toString()).encode(), theirs.identity(), key);
      // the recipient from the public key (Edwards to Montgomery) against typage's from the identity
      String pub = Files.readString(Path.of(key + ".pub"));
      assertThat(SshToAge.recipientStrings(pub, "pub", n -> {})).as("recipient of %s", key.getFileName())
          .containsExactly(theirs.recipient());
      assertThat(X25519Identity.parse(theirs.identity()).recipient().encode()).isEqualTo(theirs.recipient());
      recipients.add(theirs.recipient());
    }
    assertThat(recipients).as("distinct keys give distinct recipients").hasSize(GENERATED_ED25519);
  }

  @Test
  void fixtureKeysConvertAsSopsAgeAndSshToAgeDo() throws Exception {
    Path sshToAge = Fixtures.path(SSH_TO_AGE_KEY);
    assertThat(sopsAge(sshToAge).recipient()).isEqualTo("age17044m9wgakla6pzftf4srtl3h5mcsr85jysgt5fg23zpnta8sfdqhzn452");
    assertSameSecret(SshToAge.identityString(Files.readString(sshToAge), "id_ed25519"), sopsAge(sshToAge).identity(),
        sshToAge);

    Path sopsNix = Fixtures.path(SOPS_NIX + "ssh-ed25519-key");
    String derived = identityLine(Fixtures.path("derived/sops-nix__ssh-ed25519-key.age-identity.txt"));
    String ours = SshToAge.identityString(Files.readString(sopsNix), "ssh-ed25519-key");
    assertSameSecret(ours, derived, sopsNix);
    assertSameSecret(ours, sopsAge(sopsNix).identity(), sopsNix);
    assertThat(sopsAge(sopsNix).recipient()).isEqualTo(SOPS_NIX_RECIPIENT);
  }

  @Test
  void sopsNixHostKeyAloneOpensItsDataKeyInSecretsYaml(@TempDir Path emptyHome) throws Exception {
    Map<String, String> encByRecipient = ageEntries(Fixtures.path(SOPS_NIX + "secrets.yaml"));
    assertThat(encByRecipient).containsKey(SOPS_NIX_RECIPIENT).hasSize(2);
    String dataKeyHex = derivedValue(Fixtures.path("derived/sops-nix__secrets.yaml.derived.txt"), "datakey_hex");

    KeyRing ring = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false)
        .sshKeyPath(Fixtures.path(SOPS_NIX + "ssh-ed25519-key")).strict(true).load();
    byte[] dataKey = Age.decrypt(utf8(encByRecipient.get(SOPS_NIX_RECIPIENT)), ring.identities());
    assertThat(HexFormat.of().formatHex(dataKey)).isEqualTo(dataKeyHex);

    // the other entry is for age-keys.txt: the host key does not open it, that key file does (same data key)
    String otherRecipient = encByRecipient.keySet().stream().filter(r -> !r.equals(SOPS_NIX_RECIPIENT)).findFirst()
        .orElseThrow();
    byte[] other = utf8(encByRecipient.get(otherRecipient));
    assertThatThrownBy(() -> Age.decrypt(other, ring.identities())).isInstanceOf(NoIdentityMatchException.class);
    KeyRing keyFile = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false)
        .keyFile(Fixtures.path(SOPS_NIX + "age-keys.txt")).strict(true).load();
    assertThat(HexFormat.of().formatHex(Age.decrypt(other, keyFile.identities()))).isEqualTo(dataKeyHex);
  }

  @Test
  void sopsAgeDerivesItsRsaIdentityFromThePublicKeyAloneWhichSops4jRefuses() throws Exception {
    for (Path key : RSA) {
      Converted theirs = sopsAge(key);
      assertThat(theirs.error()).as("sops-age error for %s", key.getFileName()).isNull();
      // computed from the .pub file only: SHA-256(mpint n || mpint e), clamped as an X25519 scalar
      var pub = (SshRsaPublicKey) OpenSshKeyParser.readPublicKey(Path.of(key + ".pub"));
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(pub.modulus().toByteArray());
      sha256.update(pub.publicExponent().toByteArray());
      byte[] scalar = sha256.digest();
      scalar[0] &= (byte) 248;
      scalar[31] &= 127;
      scalar[31] |= 64;
      X25519Identity fromPublicData = X25519Identity.fromScalar(scalar);
      assertSameSecret(fromPublicData.encode(), theirs.identity(), key);
      assertThat(fromPublicData.recipient().encode()).isEqualTo(theirs.recipient());
      // so a file for sops-age's RSA recipient opens without the private key
      byte[] secret = "only for the rsa key holder".getBytes(StandardCharsets.UTF_8);
      byte[] file = Age.encrypt(secret, List.of(X25519Recipient.parse(theirs.recipient())));
      assertThat(Age.decrypt(file, List.of(fromPublicData))).isEqualTo(secret);

      SshPrivateKey privateKey = OpenSshKeyParser.readPrivateKey(key);
      assertThatThrownBy(() -> SshToAge.identity(privateKey, key.getFileName().toString()))
          .isInstanceOf(AgeKeyException.class)
          .hasMessage(key.getFileName() + ": ssh-rsa key: " + SshToAge.ONLY_ED25519);
    }
  }

  @Test
  void passphraseProtectedKeyFailsInSopsAgeAndConvertsInSops4jWithThePassphrase() throws Exception {
    Converted theirs = sopsAge(passphraseKey);
    assertThat(theirs.identity()).isNull();
    assertThat(theirs.error()).contains("encrypted").doesNotContain(PASSPHRASE);

    String text = Files.readString(passphraseKey);
    SshPrivateKey key = OpenSshKeyParser.parsePrivateKey(text, passphraseKey.toString(), PASSPHRASE::toCharArray);
    String recipient = SshToAge.identity(key, "key").recipient().encode();
    assertThat(SshToAge.recipientStrings(Files.readString(Path.of(passphraseKey + ".pub")), "pub", n -> {}))
        .containsExactly(recipient);
    // without the passphrase: a clear refusal naming the file
    assertThatThrownBy(() -> SshToAge.identityString(text, passphraseKey.toString()))
        .isInstanceOf(AgeKeyException.class)
        .hasMessageStartingWith(passphraseKey + ": passphrase-protected")
        .hasMessageNotContaining(PASSPHRASE);
  }

  @Test
  void ecdsaKeyIsSkippedBySopsAgeAndRefusedBySops4j() throws Exception {
    assertThat(sopsAge(ecdsaKey)).isEqualTo(new Converted(null, null, null));
    String text = Files.readString(ecdsaKey);
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(text, ecdsaKey.toString()))
        .isInstanceOf(SshKeyException.class)
        .hasMessageStartingWith(ecdsaKey.toString())
        .hasMessageContaining("unsupported ssh key type 'ecdsa-sha2-nistp256'");
  }

  /** Equal secrets, or a failure that names the key file and shows only short hashes of the two values. */
  private static void assertSameSecret(String ours, String theirs, Path key) throws Exception {
    if (ours == null || !ours.equals(theirs)) {
      fail("identity of " + key.getFileName() + " differs: sops4j sha256:" + shortHash(ours)
          + ", other sha256:" + shortHash(theirs));
    }
  }

  private static String shortHash(String s) throws Exception {
    if (s == null) {
      return "(none)";
    }
    byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 6);
  }

  /** The first line of an identity file that is not a comment. */
  private static String identityLine(Path file) throws Exception {
    return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .findFirst().orElseThrow();
  }

  /** The value of {@code name=value} in a derived results file. */
  private static String derivedValue(Path file, String name) throws Exception {
    return Files.readAllLines(file).stream().filter(l -> l.startsWith(name + "=")).findFirst()
        .map(l -> l.substring(name.length() + 1).strip()).orElseThrow();
  }

  /** The {@code sops.age} entries of a SOPS YAML file: recipient to armored {@code enc}. */
  private static Map<String, String> ageEntries(Path sopsYaml) throws Exception {
    Map<?, ?> root = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(sopsYaml));
    Map<?, ?> sops = (Map<?, ?>) root.get("sops");
    Map<String, String> out = new HashMap<>();
    for (Object entry : (List<?>) sops.get("age")) {
      Map<?, ?> m = (Map<?, ?>) entry;
      out.put((String) m.get("recipient"), (String) m.get("enc"));
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
