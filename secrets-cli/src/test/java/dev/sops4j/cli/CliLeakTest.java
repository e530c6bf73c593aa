package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.ssh.OpenSshKeyWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One canary secret value, one canary age identity and one canary SSH private key go through the
 * failure paths of every CLI command, with {@code --debug} and {@code SOPS4J_DEBUG=1} (stack traces
 * printed): no output line, message or stack trace may contain any of them.
 */
class CliLeakTest {
  private static final String VALUE_CANARY = "LEAK-CANARY-VALUE-5d1e";
  private static final X25519Identity KEY = X25519Identity.generate();
  private static final String KEY_CANARY = KEY.encode();
  private static final String SSH_KEY_TEXT =
      OpenSshKeyWriter.privateKeyFile(OpenSshKeyWriter.generateEd25519("canary"));

  @TempDir Path dir;
  private Path keyFile;
  private Path otherKeyFile;
  private Path encrypted;
  private final List<CliRunner.Result> failures = new ArrayList<>();

  /** Pieces of the SSH key file that hold private bytes (every body line after the public part). */
  private static List<String> sshSecretLines() {
    List<String> body = SSH_KEY_TEXT.lines().filter(l -> !l.startsWith("-----")).toList();
    return body.subList(2, body.size()).stream().filter(l -> l.length() >= 20).toList();
  }

  private Map<String, String> env(Path ageKeyFile) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.resolve("home").toString());
    env.put("XDG_RUNTIME_DIR", dir.toString());
    env.put("SOPS4J_DEBUG", "1");
    env.put("SOPS_AGE_KEY_FILE", ageKeyFile.toString());
    return env;
  }

  /** Runs a command expected to fail, with the canary key as the only key, and remembers its output. */
  private CliRunner.Result fails(String... args) {
    return failsWith(env(keyFile), args);
  }

  private CliRunner.Result failsWith(Map<String, String> env, String... args) {
    String[] withDebug = new String[args.length + 1];
    withDebug[0] = "--debug";
    System.arraycopy(args, 0, withDebug, 1, args.length);
    CliRunner.Result result = CliRunner.withEnv(env).run(withDebug);
    assertThat(result.exitCode()).as("%s should fail; stderr: %s", List.of(args), result.stderr()).isNotZero();
    failures.add(result);
    return result;
  }

  private static void assertClean(CliRunner.Result result) {
    String all = result.stdoutText() + "\n" + result.stderr();
    assertThat(all).doesNotContain(VALUE_CANARY).doesNotContain(KEY_CANARY)
        .doesNotContainIgnoringCase(KEY_CANARY.substring(20, 50));
    for (String line : sshSecretLines()) {
      assertThat(all).doesNotContain(line);
    }
  }

  private void assertAllClean() {
    assertThat(failures).isNotEmpty();
    failures.forEach(CliLeakTest::assertClean);
    // --debug really printed stack traces: the check above covers them
    assertThat(failures).anySatisfy(r -> assertThat(r.stderr()).contains("\tat "));
  }

  @BeforeEach
  void encryptTheCanary() throws Exception {
    keyFile = dir.resolve("keys.txt");
    Files.writeString(keyFile, "# canary\n" + KEY_CANARY + "\n");
    otherKeyFile = dir.resolve("other-keys.txt");
    Files.writeString(otherKeyFile, X25519Identity.generate().encode() + "\n");
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, "db:\n  password: " + VALUE_CANARY + "\n");
    encrypted = dir.resolve("secret.yaml");
    byte[] out = CliRunner.withEnv(env(keyFile)).run("encrypt", "--age", KEY.recipient().encode(), plain.toString())
        .ok().stdout();
    Files.write(encrypted, out);
  }

  private Path tampered(String find, String replaceWith) throws Exception {
    String text = Files.readString(encrypted);
    int at = text.indexOf(find);
    assertThat(at).as("marker %s", find).isNotNegative();
    Path copy = dir.resolve("tampered-" + failures.size() + ".yaml");
    Files.writeString(copy, text.substring(0, at) + replaceWith + text.substring(at + find.length()));
    return copy;
  }

  @Test
  void decryptFailures() throws Exception {
    // wrong key: the canary key is loaded but not a recipient; then the right key and damaged data
    Path forOther = dir.resolve("for-other.yaml");
    Files.write(forOther, CliRunner.withEnv(env(otherKeyFile)).run("encrypt", "--age",
        X25519Identity.generate().recipient().encode(), dir.resolve("plain.yaml").toString()).ok().stdout());
    fails("decrypt", forOther.toString());
    fails("decrypt", "--key-file", keyFile.toString(), forOther.toString());
    fails("decrypt", tampered("ENC[AES256_GCM,data:", "ENC[AES256_GCM,data:AAAA").toString());
    fails("decrypt", tampered("mac: ENC[AES256_GCM,data:", "mac: ENC[AES256_GCM,data:AAAA").toString());
    fails("decrypt", tampered("lastmodified:", "lastmodified: '2001-01-01T00:00:00Z'\n    x:").toString());
    fails("decrypt", "--extract", "[\"db\"][\"nope\"]", encrypted.toString());
    fails("decrypt", "--extract", "[\"db\"", encrypted.toString());
    fails("decrypt", "--extract", "[\"db\"][\"password\"][\"deeper\"]", encrypted.toString());
    fails("decrypt", "--input-type", "json", encrypted.toString());
    assertAllClean();
  }

  @Test
  void encryptAndSetFailures() throws Exception {
    Path plain = dir.resolve("plain.yaml");
    Path config = dir.resolve("sops.yaml");
    // a secret key where a recipient belongs (an easy mistake), in a config and on the command line
    Files.writeString(config, "creation_rules:\n  - age: " + KEY_CANARY + "\n");
    fails("encrypt", "--config", config.toString(), plain.toString());
    Files.writeString(config, "creation_rules:\n  - age: [" + VALUE_CANARY + "\n    bad: :\n");
    fails("encrypt", "--config", config.toString(), plain.toString());
    fails("encrypt", "--age", KEY_CANARY, plain.toString());
    Path badPlain = dir.resolve("bad.yaml");
    Files.writeString(badPlain, "db:\n  password: " + VALUE_CANARY + "\n   broken: [\n");
    fails("encrypt", "--age", KEY.recipient().encode(), badPlain.toString());
    Path badJson = dir.resolve("bad.json");
    Files.writeString(badJson, "{\"password\": \"" + VALUE_CANARY + "\",");
    fails("encrypt", "--age", KEY.recipient().encode(), badJson.toString());
    // set: bad path, a path through a scalar, bad JSON value, wrong key
    fails("set", encrypted.toString(), "[\"db\"", "\"" + VALUE_CANARY + "\"");
    fails("set", encrypted.toString(), "[\"db\"][7]", "\"" + VALUE_CANARY + "\"");
    fails("set", encrypted.toString(), "[\"db\"][\"password\"]", "{\"a\": \"" + VALUE_CANARY + "\"");
    failsWith(env(otherKeyFile), "set", encrypted.toString(), "[\"db\"][\"password\"]", "\"" + VALUE_CANARY + "\"");
    assertThat(Files.readString(encrypted)).doesNotContain(VALUE_CANARY);
    assertAllClean();
  }

  private Path manifest(String name, String... secretLines) throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "symlinkPath: " + dir.resolve("secrets"),
        "secretsMountPoint: " + dir.resolve("secrets.d"),
        "userMode: true",
        "ageKeyFile: " + keyFile,
        "secrets:"));
    lines.addAll(List.of(secretLines));
    Path manifest = dir.resolve(name);
    Files.writeString(manifest, String.join("\n", lines) + "\n");
    return manifest;
  }

  @Test
  void installFailures() throws Exception {
    String sops = "    sopsFile: " + encrypted;
    // a key that is missing, a malformed manifest holding the canary, a template naming an unknown secret
    fails("install", manifest("m1.yaml", "  pw:", sops, "    key: db/nope").toString());
    fails("install", manifest("m2.yaml", "  pw:", sops, "    key: [" + VALUE_CANARY, "  : :").toString());
    fails("install", manifest("m3.yaml", "  pw:", sops, "    key: db/password", "templates:", "  t:",
        "    content: \"" + VALUE_CANARY + " {{ sops:unknown }}\"").toString());
    // a key that is not a scalar, an unknown owner (not in user mode), a wrong key
    fails("install", manifest("m4.yaml", "  pw:", sops, "    key: db").toString());
    Path owners = manifest("m5.yaml", "  pw:", sops, "    key: db/password", "    owner: no-such-user-4471");
    Files.writeString(owners, Files.readString(owners).replace("userMode: true", "userMode: false"));
    fails("install", owners.toString());
    Path wrongKey = manifest("m6.yaml", "  pw:", sops, "    key: db/password");
    Files.writeString(wrongKey, Files.readString(wrongKey).replace(keyFile.toString(), otherKeyFile.toString()));
    fails("install", wrongKey.toString());
    Path tamperedFile = tampered("ENC[AES256_GCM,data:", "ENC[AES256_GCM,data:AAAA");
    fails("install", manifest("m7.yaml", "  pw:", "    sopsFile: " + tamperedFile, "    key: db/password").toString());
    assertThat(dir.resolve("secrets")).doesNotExist();
    assertAllClean();
  }

  @Test
  void keyAgeAndSshToAgeFailures() throws Exception {
    // key files with bad lines next to the canary key
    char last = KEY_CANARY.charAt(KEY_CANARY.length() - 1);
    String damaged = KEY_CANARY.substring(0, KEY_CANARY.length() - 1) + (last == 'Q' ? 'P' : 'Q');
    Path badKeys = dir.resolve("bad-keys.txt");
    Files.writeString(badKeys, damaged + "\n" + KEY_CANARY + " trailing\n");
    fails("keys", "--key-file", badKeys.toString(), "--strict");
    failsWith(env(badKeys), "decrypt", encrypted.toString());
    Path badSsh = dir.resolve("id_bad");
    List<String> sshLines = new ArrayList<>(SSH_KEY_TEXT.lines().toList());
    sshLines.remove(sshLines.size() - 2);
    Files.writeString(badSsh, String.join("\n", sshLines) + "\n");
    fails("keys", "--ssh-key", badSsh.toString(), "--strict");
    fails("ssh-to-age", "-private-key", "-i", badSsh.toString());
    Path asPublic = dir.resolve("id_as_public");
    Files.writeString(asPublic, SSH_KEY_TEXT);
    fails("ssh-to-age", "-i", asPublic.toString());
    // age decrypt: the canary key as the wrong identity, damaged files, a key file that is not one
    Path ageFile = dir.resolve("file.age");
    Files.write(ageFile, CliRunner.plain().runWithInput(VALUE_CANARY.repeat(3000).getBytes(StandardCharsets.UTF_8),
        "age", "encrypt", "-r", X25519Identity.generate().recipient().encode()).ok().stdout());
    fails("age", "decrypt", "-i", keyFile.toString(), ageFile.toString());
    Path ownFile = dir.resolve("own.age");
    // one chunk only: a damaged chunk releases nothing (age streams chunks that did authenticate)
    Files.write(ownFile, CliRunner.plain().runWithInput(VALUE_CANARY.repeat(100).getBytes(StandardCharsets.UTF_8),
        "age", "encrypt", "-r", KEY.recipient().encode()).ok().stdout());
    byte[] damagedPayload = Files.readAllBytes(ownFile);
    damagedPayload[damagedPayload.length - 3] ^= 1;
    Path badPayload = dir.resolve("bad-payload.age");
    Files.write(badPayload, damagedPayload);
    CliRunner.Result payload = fails("age", "decrypt", "-i", keyFile.toString(), badPayload.toString());
    assertThat(payload.stdout()).as("nothing of the damaged chunk").isEmpty();
    fails("age", "decrypt", "-i", badKeys.toString(), ownFile.toString());
    fails("age", "decrypt", "-i", badSsh.toString(), ownFile.toString());
    fails("age", "encrypt", "-r", KEY_CANARY, ageFile.toString());
    fails("age", "encrypt", "-R", keyFile.toString(), ageFile.toString());
    assertAllClean();
  }
}
