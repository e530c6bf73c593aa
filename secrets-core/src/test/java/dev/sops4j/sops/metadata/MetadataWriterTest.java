package dev.sops4j.sops.metadata;

import static dev.sops4j.sops.metadata.MetadataReaderTest.AGE_ENC;
import static dev.sops4j.sops.metadata.MetadataReaderTest.MAC;
import static dev.sops4j.sops.metadata.MetadataReaderTest.PGP_ENC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metadata layout sops 3.13 writes, and reading it back. */
class MetadataWriterTest {
  private static final OffsetDateTime WHEN = OffsetDateTime.of(2025, 3, 23, 10, 20, 30, 0, ZoneOffset.UTC);

  private static List<String> keys(Mapping m) {
    return m.fields().stream().map(Field::key).toList();
  }

  private static Mapping entry(Mapping m, String list, int index) {
    return (Mapping) ((Sequence) m.get(list).orElseThrow()).items().get(index);
  }

  @Test
  void singleGroupAtTheTopInAlphabeticalOrder() throws Exception {
    Metadata metadata = new Metadata(
        List.of(KeyGroup.of(new PgpMasterKey("FP1", WHEN.minusSeconds(1), PGP_ENC),
            new AgeMasterKey("age1one", AGE_ENC), new AgeMasterKey("age1two", AGE_ENC))),
        0, LastModified.of(WHEN), MAC, EncryptionRules.defaults(), false, "3.13.2");
    Mapping out = MetadataWriter.write(metadata);
    assertThat(keys(out)).containsExactly("age", "lastmodified", "mac", "pgp", "unencrypted_suffix", "version");
    assertThat(keys(entry(out, "age", 0))).containsExactly("enc", "recipient");
    assertThat(keys(entry(out, "pgp", 0))).containsExactly("created_at", "enc", "fp");
    assertThat(entry(out, "pgp", 0).get("created_at")).contains(new Scalar.Str("2025-03-23T10:20:29Z"));
    assertThat(entry(out, "age", 1).get("recipient")).contains(new Scalar.Str("age1two"));
    assertThat(out.get("lastmodified")).contains(new Scalar.Str("2025-03-23T10:20:30Z"));
    assertThat(out.get("version")).contains(new Scalar.Str("3.13.2"));
    assertThat(MetadataReader.read(out, "f.yaml")).isEqualTo(metadata);
  }

  @Test
  void severalGroupsUseKeyGroupsWithAgeAndHcVaultAlwaysPresent() throws Exception {
    Metadata metadata = new Metadata(
        List.of(KeyGroup.of(new AgeMasterKey("age1one", AGE_ENC)),
            KeyGroup.of(new PgpMasterKey("FP2", WHEN, PGP_ENC))),
        2, LastModified.of(WHEN), MAC, EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_REGEX, "^data$"),
        true, "3.13.2");
    Mapping out = MetadataWriter.write(metadata);
    assertThat(keys(out)).containsExactly("encrypted_regex", "key_groups", "lastmodified", "mac",
        "mac_only_encrypted", "shamir_threshold", "version");
    assertThat(out.get("mac_only_encrypted")).contains(new Scalar.Bool(true));
    assertThat(out.get("shamir_threshold")).contains(new Scalar.Int(2));
    Sequence groups = (Sequence) out.get("key_groups").orElseThrow();
    assertThat(keys((Mapping) groups.items().get(0))).containsExactly("age", "hc_vault");
    assertThat(((Mapping) groups.items().get(0)).get("hc_vault")).contains(Sequence.of());
    assertThat(keys((Mapping) groups.items().get(1))).containsExactly("age", "hc_vault", "pgp");
    assertThat(((Mapping) groups.items().get(1)).get("age")).contains(Sequence.of());
    assertThat(MetadataReader.read(out, "f.env")).isEqualTo(metadata);
  }

  @Test
  void emptyMacIsWrittenNoRuleIsOmittedOtherKeysKeepTheirFields() throws Exception {
    Mapping kms = Mapping.of(new Field("role", new Scalar.Str("r")), new Field("arn", new Scalar.Str("arn:x")),
        new Field("created_at", new Scalar.Str("2025-03-23T10:20:29Z")), new Field("enc", new Scalar.Str("E")),
        new Field("aws_profile", new Scalar.Str("")),
        new Field("context", Mapping.of(new Field("zone", new Scalar.Str("z")), new Field("app", new Scalar.Str("a")))));
    Metadata metadata = new Metadata(
        List.of(KeyGroup.of(new OtherMasterKey("kms", "arn:x", "E", kms))),
        0, LastModified.of(WHEN), null, EncryptionRules.none(), false, "3.13.2");
    Mapping out = MetadataWriter.write(metadata);
    assertThat(keys(out)).containsExactly("kms", "lastmodified", "mac", "version");
    assertThat(out.get("mac")).contains(new Scalar.Str(""));
    assertThat(keys(entry(out, "kms", 0))).containsExactly("arn", "aws_profile", "context", "created_at", "enc", "role");
    assertThat(keys((Mapping) entry(out, "kms", 0).get("context").orElseThrow())).containsExactly("app", "zone");
    Metadata back = MetadataReader.read(out, "f.bin");
    assertThat(back.mac()).isNull();
    assertThat(back.encryptionRule()).as("a file without a rule reads as the default").isEqualTo(EncryptionRules.defaults());
    assertThat(back.masterKeys()).hasSize(1);
    assertThat(((OtherMasterKey) back.masterKeys().get(0)).description()).isEqualTo("arn:x");
  }
}
