package dev.sops4j.sops.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsMetadataException;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metadata layouts as the fixtures' sops versions wrote them, built as the stores hand them over. */
class MetadataReaderTest {
  static final String PGP_ENC = "-----BEGIN PGP MESSAGE-----\n\nhQEM\n-----END PGP MESSAGE-----\n";
  static final String AGE_ENC = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n";
  static final String MAC = "ENC[AES256_GCM,data:WQjp,iv:fwWj,tag:6FT1,type:str]";

  static Field f(String key, Node value) {
    return new Field(key, value);
  }

  static Scalar.Str s(String value) {
    return new Scalar.Str(value);
  }

  static Sequence empty() {
    return Sequence.of();
  }

  static Mapping pgp(String fp, String createdAt) {
    return Mapping.of(f("created_at", s(createdAt)), f("enc", s(PGP_ENC)), f("fp", s(fp)));
  }

  static Mapping age(String recipient) {
    return Mapping.of(f("recipient", s(recipient)), f("enc", s(AGE_ENC)));
  }

  /** sops-nix secrets.yaml (sops 3.7.1): empty lists first, age before pgp in the file. */
  static Mapping sopsNixYaml() {
    return Mapping.of(
        f("kms", empty()), f("gcp_kms", empty()), f("azure_kv", empty()), f("hc_vault", empty()),
        f("age", Sequence.of(age("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw"),
            age("age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs"))),
        f("lastmodified", s("2021-09-30T19:49:41Z")),
        f("mac", s(MAC)),
        f("pgp", Sequence.of(pgp("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0", "2020-07-12T08:03:51Z"),
            pgp("2504791468B153B8A3963CC97BA53D1919C5DFD4", "2020-07-12T08:03:51Z"))),
        f("unencrypted_suffix", s("_unencrypted")),
        f("version", s("3.7.1")));
  }

  @Test
  void sopsNixYaml371() throws Exception {
    Metadata m = MetadataReader.read(sopsNixYaml(), "secrets.yaml");
    assertThat(m.keyGroups()).hasSize(1);
    assertThat(m.masterKeys()).extracting(MasterKey::type).containsExactly("pgp", "pgp", "age", "age");
    assertThat(m.masterKeys().get(0)).isEqualTo(new PgpMasterKey("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0",
        OffsetDateTime.of(2020, 7, 12, 8, 3, 51, 0, ZoneOffset.UTC), PGP_ENC));
    assertThat(m.masterKeys().get(3)).isEqualTo(
        new AgeMasterKey("age1a8pk4akrdamj7nvqy3zywgtny8dxz7t5xzu7u8v9mhrayp9freqsqatyrs", AGE_ENC));
    assertThat(m.lastModified().text()).isEqualTo("2021-09-30T19:49:41Z");
    assertThat(m.lastModified().macAdditionalData()).isEqualTo("2021-09-30T19:49:41Z");
    assertThat(m.mac()).isEqualTo(MAC);
    assertThat(m.encryptionRule()).isEqualTo(EncryptionRules.defaults());
    assertThat(m.shamirThreshold()).isZero();
    assertThat(m.macOnlyEncrypted()).isFalse();
    assertThat(m.version()).isEqualTo("3.7.1");
    assertThat(m.toString()).doesNotContain(PGP_ENC).doesNotContain(AGE_ENC).doesNotContain(MAC);
  }

  @Test
  void sopsNixJson350WithNullsAndNoRuleGetsTheDefault() throws Exception {
    Mapping json = Mapping.of(
        f("kms", Scalar.Null.INSTANCE), f("gcp_kms", Scalar.Null.INSTANCE), f("azure_kv", Scalar.Null.INSTANCE),
        f("lastmodified", s("2020-07-03T08:21:21Z")), f("mac", s(MAC)),
        f("pgp", Sequence.of(pgp("7FB89715AADA920D65D25E63F9BA9DEBD03F57C0", "2020-07-03T08:21:00Z"))),
        f("version", s("3.5.0")));
    Metadata m = MetadataReader.read(json, "secrets.json");
    assertThat(m.masterKeys()).hasSize(1);
    assertThat(m.encryptionRule()).isEqualTo(EncryptionRules.defaults());
  }

  @Test
  void dotenvAndIniValuesAreAllText() throws Exception {
    // What the dotenv store unflattens sops_key_groups__list_0__map_age__list_0__map_recipient=… into.
    Mapping dotenv = Mapping.of(
        f("version", s("3.13.0")), f("mac", s(MAC)), f("mac_only_encrypted", s("true")),
        f("shamir_threshold", s("2")), f("lastmodified", s("2023-01-17T12:33:06+01:00")),
        f("encrypted_regex", s("^(data|pass)")),
        f("key_groups", Sequence.of(
            Mapping.of(f("age", Sequence.of(age("age1one"))), f("hc_vault", empty())),
            Mapping.of(f("pgp", Sequence.of(pgp("FP2", "2023-01-17T12:32:47Z")))))));
    Metadata m = MetadataReader.read(dotenv, "secrets.env");
    assertThat(m.keyGroups()).hasSize(2);
    assertThat(m.keyGroups().get(0).keys()).containsExactly(new AgeMasterKey("age1one", AGE_ENC));
    assertThat(m.keyGroups().get(1).keys()).extracting(MasterKey::description).containsExactly("FP2");
    assertThat(m.shamirThreshold()).isEqualTo(2);
    assertThat(m.macOnlyEncrypted()).isTrue();
    assertThat(m.encryptionRule()).isEqualTo(EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_REGEX, "^(data|pass)"));
    assertThat(m.lastModified().macAdditionalData()).isEqualTo("2023-01-17T12:33:06+01:00");
  }

  @Test
  void typedYamlScalarsAreConvertedAsSopsDoes() throws Exception {
    Mapping typed = sopsNixYaml()
        .with("version", new Scalar.Float(3.7))
        .with("shamir_threshold", new Scalar.Int(0))
        .with("mac_only_encrypted", new Scalar.Bool(true))
        .with("lastmodified", new Scalar.Time(OffsetDateTime.of(2021, 9, 30, 19, 49, 41, 500, ZoneOffset.UTC)));
    Metadata m = MetadataReader.read(typed, "f.yaml");
    assertThat(m.version()).isEqualTo("3.7");
    assertThat(m.macOnlyEncrypted()).isTrue();
    assertThat(m.lastModified().macAdditionalData()).isEqualTo("2021-09-30T19:49:41Z");
  }

  @Test
  void topLevelKeysWinOverKeyGroups() throws Exception {
    Mapping both = sopsNixYaml().with("key_groups", Sequence.of(
        Mapping.of(f("age", Sequence.of(age("age1ignored")))), Mapping.of(f("age", Sequence.of(age("age1x"))))));
    Metadata m = MetadataReader.read(both, "f.yaml");
    assertThat(m.keyGroups()).hasSize(1);
    assertThat(m.masterKeys()).extracting(MasterKey::description).doesNotContain("age1ignored");
  }

  @Test
  void otherMasterKeysAreKeptInSopsOrderWithTheirFields() throws Exception {
    Mapping kms = Mapping.of(f("arn", s("arn:aws:kms:eu-west-1:1:key/k")), f("created_at", s("2025-03-23T10:20:29Z")),
        f("enc", s("ABCD")), f("aws_profile", s("")), f("context", Mapping.of(f("tenant", s("t")))));
    Mapping meta = Mapping.of(
        f("age", Sequence.of(age("age1z"))),
        f("hc_vault", Sequence.of(Mapping.of(f("vault_address", s("https://v:8200")), f("engine_path", s("sops")),
            f("key_name", s("k")), f("created_at", s("2025-03-23T10:20:29Z")), f("enc", s("vault:v1:x"))))),
        f("azure_kv", Sequence.of(Mapping.of(f("vault_url", s("https://kv.vault.azure.net")), f("name", s("n")),
            f("version", s("v1")), f("created_at", s("2025-03-23T10:20:29Z")), f("enc", s("az"))))),
        f("gcp_kms", Sequence.of(Mapping.of(f("resource_id", s("projects/p/keys/k")),
            f("created_at", s("2025-03-23T10:20:29Z")), f("enc", s("gcp"))))),
        f("hckms", Sequence.of(Mapping.of(f("key_id", s("region:uuid")),
            f("created_at", s("2025-03-23T10:20:29Z")), f("enc", s("hc"))))),
        f("kms", Sequence.of(kms)),
        f("lastmodified", s("2025-03-23T10:20:30Z")), f("mac", s(MAC)), f("version", s("3.13.2")));
    Metadata m = MetadataReader.read(meta, "f.yaml");
    assertThat(m.masterKeys()).extracting(MasterKey::type)
        .containsExactly("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "age");
    assertThat(m.masterKeys()).extracting(MasterKey::description).containsExactly(
        "arn:aws:kms:eu-west-1:1:key/k", "projects/p/keys/k", "region:uuid",
        "https://kv.vault.azure.net/keys/n/v1", "https://v:8200/v1/sops/keys/k", "age1z");
    OtherMasterKey first = (OtherMasterKey) m.masterKeys().get(0);
    assertThat(first.fields()).isEqualTo(kms);
    assertThat(first.toString()).doesNotContain("ABCD");
  }

  @Test
  void fieldNamesMatchIgnoringCaseAndCommentsAreSkipped() throws Exception {
    List<Mapping.Member> members = new ArrayList<>(sopsNixYaml().without("lastmodified").members());
    members.add(0, new Comment(" a comment in the metadata"));
    members.add(f("LastModified", s("2021-09-30T19:49:41Z")));
    Metadata m = MetadataReader.read(new Mapping(members), "f.yaml");
    assertThat(m.lastModified().text()).isEqualTo("2021-09-30T19:49:41Z");
  }

  @Test
  void aLoneEntryCountsAsAListOfOne() throws Exception {
    Mapping meta = sopsNixYaml().without("pgp").with("age", age("age1solo"));
    assertThat(MetadataReader.read(meta, "f.yaml").masterKeys())
        .containsExactly(new AgeMasterKey("age1solo", AGE_ENC));
  }

  @Test
  void missingMacIsNull() throws Exception {
    assertThat(MetadataReader.read(sopsNixYaml().without("mac"), "f.yaml").mac()).isNull();
    assertThat(MetadataReader.read(sopsNixYaml().with("mac", s("")), "f.yaml").mac()).isNull();
  }

  @Test
  void errorsNameTheFileAndTheField() {
    expectError(Mapping.of(), "not a SOPS file (no sops metadata)");
    expectError(Mapping.of(new Comment(" only a comment")), "not a SOPS file");
    expectError(sopsNixYaml().without("lastmodified"), "lastmodified: missing");
    expectError(sopsNixYaml().with("lastmodified", s("yesterday")), "lastmodified: 'yesterday' is not an RFC3339 time");
    expectError(sopsNixYaml().with("encrypted_regex", s("x")), "cannot use more than one of");
    expectError(sopsNixYaml().without("age").without("pgp"), "no master keys");
    expectError(sopsNixYaml().with("pgp", Sequence.of(pgp("FP", "soon"))), "pgp[0].created_at");
    expectError(sopsNixYaml().with("age", Sequence.of(s("x"))), "age[0]: is not a mapping");
    expectError(sopsNixYaml().with("age", s("x")), "age: expected a list");
    expectError(sopsNixYaml().with("shamir_threshold", s("two")), "shamir_threshold: 'two' is not an integer");
    expectError(sopsNixYaml().with("shamir_threshold", new Scalar.Int(-1)), "must not be negative");
    expectError(sopsNixYaml().with("mac_only_encrypted", s("maybe")), "mac_only_encrypted");
    expectError(sopsNixYaml().without("unencrypted_suffix").with("unencrypted_regex", s("(a)\\1")),
        "unencrypted_regex: invalid regular expression");
    expectError(sopsNixYaml().without("unencrypted_suffix").with("encrypted_regex", s("((a{1000}){1000}){1000}")),
        "sops metadata: encrypted_regex: invalid regular expression: expression too large");
    expectError(sopsNixYaml().without("age").without("pgp").with("key_groups", Sequence.of(s("g"))),
        "key_groups[0]: is not a mapping");
    expectError(sopsNixYaml().with("version", Mapping.of()), "version: expected a text value");
  }

  private static void expectError(Mapping meta, String message) {
    assertThatThrownBy(() -> MetadataReader.read(meta, "dir/secrets.yaml"))
        .isInstanceOf(SopsMetadataException.class)
        .hasMessageStartingWith("dir/secrets.yaml: ")
        .hasMessageContaining(message)
        .hasMessageNotContaining(PGP_ENC).hasMessageNotContaining(MAC);
  }
}
