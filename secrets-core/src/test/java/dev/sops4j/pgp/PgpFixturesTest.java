package dev.sops4j.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code enc} of every pgp entry in the SOPS fixtures decrypts to the data key the derived file lists. */
class PgpFixturesTest {
  static final String SOPS_KEY = "sops/pgp/sops_functional_tests_key.asc";
  static final String NIX = "sops-nix/pkgs/sops-install-secrets/test-assets/";

  private static PgpSecretKeys keys;

  @BeforeAll
  static void loadKeys() throws Exception {
    keys = PgpKeys.readSecretKeys(Fixtures.path(SOPS_KEY), PgpPassphrase.NONE)
        .plus(PgpKeys.readSecretKeys(Fixtures.path(NIX + "key.asc"), PgpPassphrase.NONE))
        .plus(PgpKeys.readSecretKeys(Fixtures.path(NIX + "ssh-key.asc"), PgpPassphrase.NONE));
  }

  static Stream<SopsPgpEntries.Entry> entries() throws Exception {
    List<SopsPgpEntries.Entry> all = SopsPgpEntries.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(25);
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void everyPgpEntryDecryptsToTheDerivedDataKey(SopsPgpEntries.Entry entry) throws Exception {
    assertThat(keys.find(entry.fp())).as("secret key for %s", entry.fp()).isNotEmpty();
    byte[] dataKey = Pgp.decrypt(entry.enc(), keys, entry.toString());
    assertThat(HexFormat.of().formatHex(dataKey)).isEqualTo(entry.dataKeyHex());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void onlyTheNamedKeyOpensTheEntry(SopsPgpEntries.Entry entry) throws Exception {
    PgpSecretKeys others = new PgpSecretKeys(keys.keys().stream()
        .filter(k -> !k.primaryFingerprint().equals(entry.fp())).toList(), List.of());
    assertThatThrownBy(() -> Pgp.decrypt(entry.enc(), others, entry.toString()))
        .isInstanceOf(PgpNoMatchingKeyException.class)
        .hasMessageContaining(entry.toString())
        .hasMessageContaining(others.fingerprints().get(0));
  }

  @Test
  void theGnupgHomeFixtureOpensTheKropsTestEntries() throws Exception {
    Path home = Fixtures.path(NIX + "gnupghome");
    PgpSecretKeys fromHome = PgpKeys.readGnupgHome(home, PgpPassphrase.NONE);
    assertThat(fromHome.primaryFingerprints()).containsExactly("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0");
    assertThat(fromHome.skipped()).isEmpty();
    int opened = 0;
    for (SopsPgpEntries.Entry e : SopsPgpEntries.all()) {
      if (e.fp().equals("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0")) {
        assertThat(HexFormat.of().formatHex(Pgp.decrypt(e.enc(), fromHome))).isEqualTo(e.dataKeyHex());
        opened++;
      }
    }
    assertThat(opened).isEqualTo(5);
  }

  @Test
  void fixtureKeysHaveTheFingerprintsTheIndexNames() {
    assertThat(keys.primaryFingerprints()).containsExactly(
        "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", "D7229043384BCC60326C6FB9D8720D957C3D3074",
        "7FB89715AADA920D65D25E63F9BA9DEBD03F57C0", "2504791468B153B8A3963CC97BA53D1919C5DFD4");
    assertThat(keys.find("71D962851765394F76DB9CFC25294A17CD90507F")).singleElement()
        .satisfies(k -> {
          assertThat(k.isSubkey()).isTrue();
          assertThat(k.keyId()).isEqualTo("25294A17CD90507F");
          assertThat(k.primaryFingerprint()).isEqualTo("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4");
        });
  }
}
