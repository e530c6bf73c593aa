package dev.sops4j.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshRsaPrivateKey;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sops-nix's {@code sshKeyPaths}: an SSH RSA key used as the PGP key ssh-to-pgp makes of it. */
class SshRsaPgpKeyTest {
  private static final String FINGERPRINT = "2504791468B153B8A3963CC97BA53D1919C5DFD4";

  @TempDir Path home;

  private static Path assets() {
    return Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
  }

  @Test
  void theSopsNixTestKeyHasTheFingerprintSopsNixUses() throws Exception {
    SshRsaPrivateKey key = (SshRsaPrivateKey) OpenSshKeyParser.readPrivateKey(assets().resolve("ssh-key"));

    PgpSecretKeys keys = SshRsaPgpKey.secretKeys(key, "ssh-key");

    assertThat(keys.keys()).extracting(PgpSecretKey::fingerprint).containsExactly(FINGERPRINT);
  }

  @Test
  void theSshKeyAloneOpensTheFilesEncryptedToItsPgpFingerprint() throws Exception {
    KeyRing ring = KeyRingLoader.of(Map.of(), home).standardSources(false)
        .sshPgpKey(assets().resolve("ssh-key")).strict(true).load();

    SopsFile env = Sops.decrypt(assets().resolve("secrets.env"), ring);
    SopsFile ini = Sops.decrypt(assets().resolve("secrets.ini"), ring);

    assertThat(env.text("never_gonna")).isEqualTo("give you up");
    assertThat(ini.text("Welcome!/never_gonna")).isEqualTo("give you up");
    assertThat(ring.sources()).anySatisfy(s -> assertThat(s.toString()).contains("SSH RSA key as PGP key"));
  }
}
