package dev.sops4j.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.keys.KeySource.Status;
import dev.sops4j.pgp.Pgp;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpPassphrase;
import dev.sops4j.pgp.PgpPassphraseException;
import dev.sops4j.pgp.TestKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgpKeySourcesTest {
  private static final String CANARY_PASS = "canary-pgp-env-passphrase-0d93";

  @TempDir Path home;

  @Test
  void explicitSourcesComeFirstThenGnupghomeFromTheEnvironment() throws Exception {
    PgpKeySources.Loaded loaded = PgpKeySources.of(Map.of("GNUPGHOME", TestKeys.gnupgHome().toString()), home)
        .keyFile(TestKeys.kropsKey())
        .load();
    assertThat(loaded.sources()).extracting(KeySource::kind, KeySource::status, KeySource::identities)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("explicit PGP key file", Status.LOADED, 1),
            org.assertj.core.groups.Tuple.tuple("GNUPGHOME", Status.LOADED, 1));
    assertThat(loaded.keys().keys()).extracting(k -> k.source())
        .containsExactly(TestKeys.kropsKey().toString(), TestKeys.gnupgHome().resolve("private-keys-v1.d")
            .resolve("289B6199193DE765808658DA7A0B892D914345FC.key").toString());
    assertThat(loaded.problems()).isEmpty();
    String[] entry = TestKeys.kropsEntry();
    assertThat(HexFormat.of().formatHex(Pgp.decrypt(entry[0], loaded.keys()))).isEqualTo(entry[1]);
  }

  @Test
  void defaultHomeIsDotGnupgAndMissingIsNotFound() throws Exception {
    PgpKeySources.Loaded none = PgpKeySources.of(Map.of(), home).load();
    assertThat(none.sources()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo("default GnuPG home");
      assertThat(s.location()).isEqualTo(home.resolve(".gnupg").toString());
      assertThat(s.status()).isEqualTo(Status.NOT_FOUND);
    });
    assertThat(none.keys().isEmpty()).isTrue();

    copy(TestKeys.gnupgHome(), home.resolve(".gnupg"));
    PgpKeySources.Loaded found = PgpKeySources.of(Map.of("GNUPGHOME", ""), home).load();
    assertThat(found.sources().get(0).status()).isEqualTo(Status.LOADED);
    assertThat(found.keys().primaryFingerprints()).containsExactly(TestKeys.KROPS_FP);
  }

  @Test
  void missingOrBrokenSourcesAreProblemsAndStrictModeThrows() throws Exception {
    Path broken = Files.writeString(home.resolve("broken.asc"), "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n!!\n");
    Path missingHome = home.resolve("no-such-home");
    PgpKeySources sources = PgpKeySources.of(Map.of("GNUPGHOME", missingHome.toString()), home)
        .keyFile(home.resolve("missing.asc"))
        .keyFile(broken)
        .gnupgHome(TestKeys.gnupgHome());
    PgpKeySources.Loaded loaded = sources.load();
    assertThat(loaded.sources()).extracting(KeySource::status)
        .containsExactly(Status.FAILED, Status.FAILED, Status.LOADED, Status.FAILED);
    assertThat(loaded.problems()).extracting(KeyProblem::toString).containsExactly(
        home.resolve("missing.asc") + ": file not found",
        broken + ": line 1: armored block has no END line",
        missingHome + ": directory not found");
    assertThat(loaded.keys().primaryFingerprints()).containsExactly(TestKeys.KROPS_FP);
    assertThatThrownBy(() -> sources.strict(true).load())
        .isInstanceOf(PgpKeyException.class)
        .hasMessageContaining("problems loading PGP keys")
        .hasMessageContaining(missingHome + ": directory not found");
  }

  @Test
  void unusableAgentFilesAreProblemsNamingTheFile() throws Exception {
    Path gnupg = copy(TestKeys.gnupgHome(), home.resolve("gnupg"));
    Path stray = gnupg.resolve("private-keys-v1.d").resolve("ABCDEF.key");
    Files.writeString(stray, "(11:private-key(3:rsa(1:n3:abc)(1:e1:A)))");
    PgpKeySources.Loaded loaded = PgpKeySources.of(Map.of(), home).standardSources(false).gnupgHome(gnupg).load();
    assertThat(loaded.sources()).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(Status.LOADED);
      assertThat(s.identities()).isEqualTo(1);
    });
    assertThat(loaded.problems()).singleElement().satisfies(p -> {
      assertThat(p.source()).isEqualTo(stray.toString());
      assertThat(p.message()).startsWith("no public key for this agent key");
    });
  }

  @Test
  void passphraseFromTheEnvironmentOrTheCallerNeverPrinted() throws Exception {
    Path file = Files.write(home.resolve("protected.asc"),
        TestKeys.protect(TestKeys.kropsKey(), CANARY_PASS.toCharArray()));
    String[] entry = TestKeys.kropsEntry();
    PgpKeySources.Loaded fromEnv = PgpKeySources.of(Map.of(PgpKeySources.PASSPHRASE_VARIABLE, CANARY_PASS), home)
        .standardSources(false).keyFile(file).load();
    assertThat(HexFormat.of().formatHex(Pgp.decrypt(entry[0], fromEnv.keys()))).isEqualTo(entry[1]);
    assertThat(fromEnv.toString()).doesNotContain(CANARY_PASS).contains(TestKeys.KROPS_FP);

    PgpKeySources.Loaded callerWins = PgpKeySources.of(
            Map.of(PgpKeySources.PASSPHRASE_VARIABLE, CANARY_PASS), home)
        .standardSources(false).keyFile(file).passphrase(PgpPassphrase.of((CANARY_PASS + "-no").toCharArray()))
        .load();
    assertThatThrownBy(() -> Pgp.decrypt(entry[0], callerWins.keys()))
        .isInstanceOf(PgpPassphraseException.class)
        .hasMessageContaining(TestKeys.KROPS_FP)
        .satisfies(e -> assertThat(everything(e)).doesNotContain(CANARY_PASS));

    PgpKeySources.Loaded wrongEnv = PgpKeySources.of(
            Map.of(PgpKeySources.PASSPHRASE_VARIABLE, CANARY_PASS + "-wrong"), home)
        .standardSources(false).keyFile(file).load();
    assertThatThrownBy(() -> Pgp.decrypt(entry[0], wrongEnv.keys()))
        .isInstanceOf(PgpPassphraseException.class)
        .satisfies(e -> assertThat(everything(e)).doesNotContain(CANARY_PASS));
  }

  @Test
  void publicKeysForEncryptionFromTheSameSources() throws Exception {
    Path sopsKey = dev.sops4j.testsupport.Fixtures.path(TestKeys.SOPS_KEY);
    PgpKeySources.LoadedPublic loaded = PgpKeySources.of(Map.of("GNUPGHOME", TestKeys.gnupgHome().toString()),
        home).keyFile(sopsKey).keyFile(home.resolve("missing.asc")).loadPublicKeys();
    assertThat(loaded.sources()).extracting(KeySource::status, KeySource::identities).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Status.LOADED, 3),
        org.assertj.core.groups.Tuple.tuple(Status.FAILED, 0),
        org.assertj.core.groups.Tuple.tuple(Status.LOADED, 1));
    assertThat(loaded.keys().fingerprints()).contains(TestKeys.SOPS_FP, TestKeys.KROPS_FP);
    assertThat(loaded.problems()).singleElement().asString().endsWith("missing.asc: file not found");
    String message = Pgp.encrypt(new byte[32], loaded.keys().require(TestKeys.KROPS_FP));
    PgpKeySources.Loaded secret = PgpKeySources.of(Map.of("GNUPGHOME", TestKeys.gnupgHome().toString()), home)
        .load();
    assertThat(Pgp.decrypt(message, secret.keys())).isEqualTo(new byte[32]);
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w + String.valueOf(t.getMessage());
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setWritable(true);
        }
      }
    }
    return to;
  }
}
