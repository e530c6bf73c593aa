package dev.sops4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.MlKem768X25519Identity;
import dev.sops4j.age.SshEd25519Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeySource;
import dev.sops4j.ssh.OpenSshKeyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The declarative extension: what it resolves, isolation from the machine, per-test keys and cleanup. */
@SecretsTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsExtensionTest {
  private static final List<Path> CREATED = new ArrayList<>();
  private static final List<String> RECIPIENTS = new ArrayList<>();

  @Test
  @Order(1)
  void resolvesTheSameKeysWithinOneTest(X25519Identity x25519, MlKem768X25519Identity pq, SshKeyPair ssh,
      SshEd25519Identity sshIdentity, TestKeys keys, KeyRing ring) throws Exception {
    assertThat(keys.x25519()).isSameAs(x25519);
    assertThat(keys.mlKem768X25519()).isSameAs(pq);
    assertThat(keys.ssh()).isSameAs(ssh);
    assertThat(ssh.identity()).isSameAs(sshIdentity);
    assertThat(keys.keyRing()).isSameAs(ring);
    assertThat(keys.recipients()).containsExactly(x25519.recipient(), pq.recipient(), ssh.recipient());

    // the key files are real: the age file parses back, the ssh key parses back, modes are private
    assertThat(AgeKeys.readIdentityFile(keys.ageKeyFile(), () -> null)).hasSize(2);
    assertThat(OpenSshKeyParser.readPrivateKey(ssh.privateKeyFile())).isEqualTo(ssh.privateKey());
    assertThat(Files.readString(ssh.publicKeyFile()).strip()).isEqualTo(ssh.authorizedKeysLine());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh.privateKeyFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.ageKeyFile())))
        .isEqualTo("rw-------");
    CREATED.add(keys.home());
    RECIPIENTS.add(x25519.recipient().encode());
  }

  @Test
  @Order(2)
  void theRingHoldsOnlyTheTestsKeysFromTheFakeHome(TestKeys keys, KeyRing ring) {
    // two age identities, and the ssh key twice (native ssh-ed25519 and its X25519 conversion)
    assertThat(ring.identities()).hasSize(4);
    assertThat(ring.problems()).isEmpty();
    // only the two files of the fake home were read; every other source is absent
    assertThat(ring.sources()).filteredOn(s -> s.status() == KeySource.Status.LOADED)
        .extracting(KeySource::location)
        .containsExactlyInAnyOrder(keys.ageKeyFile().toString(), keys.ssh().privateKeyFile().toString());
    assertThat(ring.sources()).extracting(KeySource::status)
        .allMatch(s -> s == KeySource.Status.LOADED || s == KeySource.Status.NOT_SET
            || s == KeySource.Status.NOT_FOUND);
    assertThat(keys.env()).containsOnlyKeys("HOME", "XDG_CONFIG_HOME");
    assertThat(keys.toString()).doesNotContain("AGE-SECRET-KEY").contains(keys.x25519().recipient().encode());
    CREATED.add(keys.home());
    RECIPIENTS.add(keys.x25519().recipient().encode());
  }

  @Test
  @Order(3)
  void givesAnEmptyPrivateRuntimeDirectory(@RuntimeDir Path runtime, @RuntimeDir Path same) throws Exception {
    assertThat(runtime).isEmptyDirectory().isSameAs(same);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime))).isEqualTo("rwx------");
    Path secret = Files.writeString(runtime.resolve("locked"), "x");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));
    Path sub = Files.createDirectories(runtime.resolve("ro"));
    Files.writeString(sub.resolve("inner"), "y");
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-x------"));
    CREATED.add(runtime);
  }

  @Test
  @Order(4)
  void fixturesWriteIntoTheirOwnDirectory(SopsFixtures sops, TestKeys keys) {
    assertThat(sops.keys()).isSameAs(keys);
    assertThat(sops.directory()).isDirectory().isNotEqualTo(keys.home());
    CREATED.add(sops.directory());
  }

  @AfterAll
  static void everyTestHadFreshKeysAndEverythingIsDeleted() {
    assertThat(RECIPIENTS).hasSize(2).doesNotHaveDuplicates();
    assertThat(CREATED).hasSize(4).allSatisfy(p -> assertThat(p).doesNotExist());
  }
}
