package dev.sops4j.sops;

import static dev.sops4j.sops.OpsFixture.YAML;
import static dev.sops4j.sops.OpsFixture.decrypt;
import static dev.sops4j.sops.OpsFixture.encrypt;
import static dev.sops4j.sops.OpsFixture.group;
import static dev.sops4j.sops.OpsFixture.groups;
import static dev.sops4j.sops.OpsFixture.ring;
import static dev.sops4j.sops.OpsFixture.text;
import static dev.sops4j.sops.OpsFixture.to;
import static dev.sops4j.sops.OpsFixture.yamlValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.format.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sops#updateKeys}: the same data key for new recipients, values, MAC and lastmodified untouched. */
class SopsUpdateKeysTest {
  private final X25519Identity alice = X25519Identity.generate();
  private final X25519Identity bob = X25519Identity.generate();
  private final X25519Identity carol = X25519Identity.generate();

  private static String line(byte[] file, String prefix) {
    return text(file).lines().filter(l -> l.strip().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void addingARecipientLetsItOpenTheFileWithEveryValueByteIdentical() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice));

    UpdateKeysResult result = Sops.updateKeys(before, "s.yaml", Format.YAML, ring(alice), to(alice, bob));

    byte[] after = result.file();
    assertThat(result.changed()).isTrue();
    assertThat(result.changes().groups()).singleElement().satisfies(g -> {
      assertThat(g.kept()).containsExactly(alice.recipient().encode());
      assertThat(g.added()).containsExactly(bob.recipient().encode());
      assertThat(g.removed()).isEmpty();
    });
    assertThat(yamlValues(after)).isEqualTo(yamlValues(before));
    assertThat(line(after, "mac:")).isEqualTo(line(before, "mac:"));
    assertThat(line(after, "lastmodified:")).isEqualTo(line(before, "lastmodified:"));
    SopsFile byBob = decrypt(after, Format.YAML, bob);
    assertThat(byBob.text("db/password")).isEqualTo("s3cr3t: with colon");
    assertThat(decrypt(after, Format.YAML, alice).documents()).isEqualTo(byBob.documents());
  }

  @Test
  void aRemovedRecipientNoLongerOpensTheFile() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice, bob));
    assertThat(decrypt(before, Format.YAML, bob).text("db/user")).isEqualTo("app");

    UpdateKeysResult result = Sops.updateKeys(before, "s.yaml", Format.YAML, ring(bob), to(alice));

    assertThat(result.changes().groups().get(0).removed()).containsExactly(bob.recipient().encode());
    assertThat(text(result.file())).doesNotContain(bob.recipient().encode());
    assertThatThrownBy(() -> decrypt(result.file(), Format.YAML, bob)).isInstanceOf(SopsDataKeyException.class);
    assertThat(decrypt(result.file(), Format.YAML, alice).text("db/user")).isEqualTo("app");
    assertThat(yamlValues(result.file())).isEqualTo(yamlValues(before));
  }

  @Test
  void nothingChangesWhenTheKeysAreTheSame() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice, bob));

    UpdateKeysResult result = Sops.updateKeys(before, "s.yaml", Format.YAML, ring(), to(bob, alice));

    assertThat(result.changed()).isFalse();
    assertThat(result.file()).isEqualTo(before);
    assertThat(Sops.updateKeysPlan(before, "s.yaml", Format.YAML, to(alice)).changed()).isTrue();
  }

  @Test
  void keyGroupsGetNewShamirSharesOfTheSameDataKey() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice));

    UpdateKeysResult result = Sops.updateKeys(before, "s.yaml", Format.YAML, ring(alice),
        groups(2, group(alice), group(bob), group(carol)));

    byte[] after = result.file();
    assertThat(text(after)).contains("key_groups:", "shamir_threshold: 2");
    assertThat(result.changes().summary()).isEqualTo("""
        The following changes will be made to the file's groups:
        +++ shamir_threshold: 2
        Group 1
            %s
        Group 2
        +++ %s
        Group 3
        +++ %s
        """.formatted(alice.recipient().encode(), bob.recipient().encode(), carol.recipient().encode()));
    assertThat(decrypt(after, Format.YAML, bob, carol).text("db/password")).isEqualTo("s3cr3t: with colon");
    assertThatThrownBy(() -> decrypt(after, Format.YAML, carol)).isInstanceOf(SopsDataKeyException.class)
        .hasMessageContaining("1 of 3 key groups opened, 2 needed");
    assertThat(yamlValues(after)).isEqualTo(yamlValues(before));

    // Back to one group: the threshold is capped at the number of groups, as sops does.
    UpdateKeysResult back = Sops.updateKeys(after, "s.yaml", Format.YAML, ring(alice, carol), to(carol));
    assertThat(back.changes().newThreshold()).isEqualTo(1);
    assertThat(decrypt(back.file(), Format.YAML, carol).text("db/user")).isEqualTo("app");
    assertThat(text(back.file())).doesNotContain("key_groups:");
  }

  @Test
  void withoutAKeyThatOpensTheFileItFailsNamingTheFile() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice));

    assertThatThrownBy(() -> Sops.updateKeys(before, "s.yaml", Format.YAML, ring(bob), to(bob)))
        .isInstanceOf(SopsDataKeyException.class).hasMessageStartingWith("s.yaml: ");
  }

  @Test
  void jsonAndDotenvKeepTheirValuesToo() throws Exception {
    for (Format format : List.of(Format.JSON, Format.DOTENV)) {
      String plain = format == Format.JSON ? OpsFixture.JSON : OpsFixture.DOTENV;
      byte[] before = encrypt(plain, format, to(alice));
      byte[] after = Sops.updateKeys(before, "s", format, ring(alice), to(bob)).file();

      assertThat(decrypt(after, format, bob).documents()).as(format.id())
          .isEqualTo(decrypt(before, format, alice).documents());
      assertThatThrownBy(() -> decrypt(after, format, alice)).isInstanceOf(SopsDataKeyException.class);
    }
  }
}
