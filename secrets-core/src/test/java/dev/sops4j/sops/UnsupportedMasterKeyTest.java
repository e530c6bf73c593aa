package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cloud master keys (KMS, Vault, …) are named as unsupported; the file still opens with another key. */
class UnsupportedMasterKeyTest {
  private static final String KMS = String.join("\n",
      "    kms:",
      "        - arn: arn:aws:kms:eu-west-1:111122223333:key/demo",
      "          created_at: \"2024-01-01T00:00:00Z\"",
      "          enc: AQICAHhkbXMtY2lwaGVydGV4dA==",
      "          aws_profile: \"\"",
      "    hc_vault:",
      "        - vault_address: https://vault.example.org:8200",
      "          engine_path: sops",
      "          key_name: demo",
      "          created_at: \"2024-01-01T00:00:00Z\"",
      "          enc: vault:v1:ZGVtbw==",
      "");

  private final X25519Identity identity = X25519Identity.generate();
  private final DecryptOptions yaml = DecryptOptions.defaults().withFormat(Format.YAML);

  private byte[] fileWithCloudKeys() throws SopsException {
    byte[] encrypted = Sops.encrypt("secret: canary-value-31337\n".getBytes(StandardCharsets.UTF_8), "p.yaml",
        Format.YAML, EncryptOptions.of(new MasterKeyGroup(
            List.of(new MasterKeyGroup.AgeTarget(identity.recipient().encode(), identity.recipient())), List.of())));
    String text = new String(encrypted, StandardCharsets.UTF_8);
    assertThat(text).contains("\nsops:\n");
    return text.replace("\nsops:\n", "\nsops:\n" + KMS).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void opensWithTheAgeKeyDespiteCloudKeys() throws Exception {
    SopsFile file = Sops.decrypt(fileWithCloudKeys(), "cloud.yaml", KeyRing.of(List.of(identity)), yaml);

    assertThat(file.text("secret")).isEqualTo("canary-value-31337");
    assertThat(file.metadata().masterKeys()).extracting(k -> k.type()).contains("kms", "hc_vault", "age");
  }

  @Test
  void withoutTheAgeKeyTheErrorNamesEachCloudKeyAsUnsupported() throws Exception {
    byte[] file = fileWithCloudKeys();

    assertThatThrownBy(() -> Sops.decrypt(file, "cloud.yaml", KeyRing.of(List.of(X25519Identity.generate())), yaml))
        .isInstanceOf(SopsDataKeyException.class)
        .hasMessageContaining("cloud.yaml: could not open the data key")
        .hasMessageContaining("kms arn:aws:kms:eu-west-1:111122223333:key/demo: not supported by sops4j")
        .hasMessageContaining("hc_vault")
        .hasMessageContaining("age " + identity.recipient().encode())
        .hasMessageNotContaining("canary-value");
  }
}
