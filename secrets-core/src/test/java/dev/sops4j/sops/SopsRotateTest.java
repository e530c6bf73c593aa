package dev.sops4j.sops;

import static dev.sops4j.sops.OpsFixture.YAML;
import static dev.sops4j.sops.OpsFixture.decrypt;
import static dev.sops4j.sops.OpsFixture.encrypt;
import static dev.sops4j.sops.OpsFixture.group;
import static dev.sops4j.sops.OpsFixture.groups;
import static dev.sops4j.sops.OpsFixture.ring;
import static dev.sops4j.sops.OpsFixture.text;
import static dev.sops4j.sops.OpsFixture.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.format.Format;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Sops#rotate}: a new data key, every value encrypted again, the same master keys. */
class SopsRotateTest {
  private static final Pattern ENC = Pattern.compile("ENC\\[AES256_GCM,[^\\]]*\\]");
  private final X25519Identity alice = X25519Identity.generate();
  private final X25519Identity bob = X25519Identity.generate();

  private static List<String> encValues(byte[] file) {
    Matcher m = ENC.matcher(text(file));
    return m.results().map(r -> r.group()).toList();
  }

  @Test
  void everyCiphertextChangesTheValuesStayAndTheOldDataKeyIsGone() throws Exception {
    byte[] before = encrypt(YAML, Format.YAML, to(alice, bob));
    byte[] oldKey;
    try (Reencryption.Opened opened = Reencryption.open(before, "s.yaml", Format.YAML, ring(alice))) {
      oldKey = opened.dataKey().clone();
    }

    byte[] after = Sops.rotate(before, "s.yaml", Format.YAML, ring(alice));

    List<String> old = encValues(before);
    List<String> rotated = encValues(after);
    assertThat(rotated).hasSameSizeAs(old);
    assertThat(rotated).doesNotContainAnyElementsOf(old);
    assertThat(decrypt(after, Format.YAML, bob).documents()).isEqualTo(decrypt(before, Format.YAML, alice).documents());
    assertThat(text(after)).contains(alice.recipient().encode(), bob.recipient().encode());
    ValueCipher oldCipher = new ValueCipher(oldKey);
    assertThatThrownBy(() -> oldCipher.decrypt(rotated.get(0), "db:user:")).isInstanceOf(SopsValueException.class)
        .hasMessageContaining("authentication failed");
    try (Reencryption.Opened opened = Reencryption.open(after, "s.yaml", Format.YAML, ring(bob))) {
      assertThat(opened.dataKey()).isNotEqualTo(oldKey);
    }
  }

  @Test
  void keyGroupsKeepTheirThreshold() throws Exception {
    X25519Identity carol = X25519Identity.generate();
    byte[] before = encrypt(YAML, Format.YAML, groups(2, group(alice), group(bob), group(carol)));

    byte[] after = Sops.rotate(before, "s.yaml", Format.YAML, ring(alice, bob));

    assertThat(text(after)).contains("shamir_threshold: 2");
    assertThat(decrypt(after, Format.YAML, bob, carol).text("db/password")).isEqualTo("s3cr3t: with colon");
    assertThatThrownBy(() -> decrypt(after, Format.YAML, carol)).isInstanceOf(SopsDataKeyException.class);
  }

  @Test
  void aMasterKeySops4jCannotEncryptToStopsTheRotation() throws Exception {
    byte[] withKms = SopsSetTest.withKmsKey(encrypt(YAML, Format.YAML, to(alice)));

    assertThatThrownBy(() -> Sops.rotate(withKms, "s.yaml", Format.YAML, ring(alice)))
        .isInstanceOf(SopsDataKeyException.class)
        .hasMessageContaining("s.yaml: cannot encrypt a new data key to kms arn:aws:kms:eu-west-1:1:key/k");
  }

  @Test
  void aChangedValueIsRefusedBeforeRotating() throws Exception {
    String tampered = text(encrypt(YAML, Format.YAML, to(alice))).replace("public_unencrypted: visible",
        "public_unencrypted: changed");

    assertThatThrownBy(() -> Sops.rotate(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8), "s.yaml",
        Format.YAML, ring(alice))).isInstanceOf(SopsMacException.class);
  }

  @Test
  void keysCanBeAddedAndRemovedOnTheWay() throws Exception {
    X25519Identity carol = X25519Identity.generate();
    byte[] withKms = SopsSetTest.withKmsKey(encrypt(YAML, Format.YAML, to(alice, bob)));
    RotateOptions options = new RotateOptions(RotateOptions.defaults().pgpCertificates(), group(carol, bob),
        List.of(alice.recipient().encode(), "arn:aws:kms:eu-west-1:1:key/k"));

    byte[] after = Sops.rotate(withKms, "s.yaml", Format.YAML, ring(alice), options);

    assertThat(text(after)).doesNotContain("arn:aws:kms").doesNotContain(alice.recipient().encode())
        .containsOnlyOnce(bob.recipient().encode()).contains(carol.recipient().encode());
    assertThat(decrypt(after, Format.YAML, carol).text("db/user")).isEqualTo("app");
    assertThatThrownBy(() -> decrypt(after, Format.YAML, alice)).isInstanceOf(SopsDataKeyException.class);
    RotateOptions everything = new RotateOptions(RotateOptions.defaults().pgpCertificates(),
        new MasterKeyGroup(List.of(), List.of()), List.of(bob.recipient().encode(), carol.recipient().encode()));
    assertThatThrownBy(() -> Sops.rotate(after, "s.yaml", Format.YAML, ring(bob), everything))
        .isInstanceOf(SopsDataKeyException.class).hasMessageContaining("would leave key group 1 without master keys");
  }
}
