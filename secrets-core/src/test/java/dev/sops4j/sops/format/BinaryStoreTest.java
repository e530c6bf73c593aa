package dev.sops4j.sops.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.testsupport.Fixtures;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinaryStoreTest {
  private final Store store = Format.BINARY.store();

  @ParameterizedTest
  @CsvSource({
      "sops/example.txt, sops__example.txt.derived.txt",
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.bin, sops-nix__secrets.bin.derived.txt"})
  void fixturesReadAsTheJsonEnvelopeWithOneDataValue(String path, String derived) throws Exception {
    byte[] original = Files.readAllBytes(Fixtures.path(path));
    EncryptedFile file = store.readEncrypted(original, path);
    assertThat(file.documents().first().fields()).extracting(Field::key).containsExactly("data");
    EncryptedValues.Derived listing = EncryptedValues.derived(derived);
    EncryptedValues.assertMatchesDerived(file, listing);
    // sops of that time wrote no trailing newline; everything else is reproduced
    assertThat(new String(store.writeEncrypted(file.documents(), file.metadata()), UTF_8))
        .isEqualTo(new String(original, UTF_8) + "\n");
    byte[] plain = store.writePlain(EncryptedValues.decryptAll(file.documents(), listing.dataKey()));
    assertThat(new String(plain, UTF_8)).isEqualTo(listing.values().get(0).plaintext());
  }

  @Test
  void sopsNixBinaryDecryptsToItsDocumentedBytes() throws Exception {
    String path = "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.bin";
    EncryptedFile file = store.readEncrypted(Files.readAllBytes(Fixtures.path(path)), path);
    byte[] key = EncryptedValues.derived("sops-nix__secrets.bin.derived.txt").dataKey();
    assertThat(store.writePlain(EncryptedValues.decryptAll(file.documents(), key)))
        .isEqualTo("binary_value\n".getBytes(UTF_8));
  }

  @Test
  void plaintextIsOneStringUnderData() throws Exception {
    byte[] data = "\"\"{}this_is_binary_data".getBytes(UTF_8);
    Documents docs = store.readPlain(data, "test.binary");
    assertThat(docs.first()).isEqualTo(Mapping.of(new Field("data", new Scalar.Str("\"\"{}this_is_binary_data"))));
    assertThat(store.writePlain(docs)).isEqualTo(data);
  }

  @Test
  void invalidUtf8IsKeptAsBytes() throws Exception {
    byte[] data = {(byte) 0xff, 0, (byte) 0xc3, 'x', '\n'};
    Documents docs = store.readPlain(data, "raw.bin");
    assertThat(docs.first().get("data")).contains(new Scalar.Bytes(data));
    assertThat(store.writePlain(docs)).isEqualTo(data);
  }

  @Test
  void aFileThatLooksEncryptedIsStillJustData() throws Exception {
    byte[] data = "{\"sops\": {}}".getBytes(UTF_8);
    assertThat(store.readPlain(data, "x.bin").first().get("data"))
        .contains(new Scalar.Str("{\"sops\": {}}"));
  }

  @Test
  void envelopeWithoutStringDataIsRejected() throws Exception {
    assertThatThrownBy(() -> store.readEncrypted("{\"other\": \"x\", \"sops\": {}}".getBytes(UTF_8), "e.bin"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("e.bin").hasMessageContaining("'data'");
    assertThatThrownBy(() -> store.readEncrypted("{\"data\": 5}".getBytes(UTF_8), "n.bin"))
        .isInstanceOf(SopsParseException.class);
  }

  @Test
  void writePlainNeedsData() throws Exception {
    assertThatThrownBy(() -> store.writePlain(Documents.of(Mapping.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no binary data");
  }

  @Test
  void encryptedEnvelopeLayout() throws Exception {
    Documents docs = Documents.of(Mapping.of(new Field("data", new Scalar.Str("ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]"))));
    Mapping md = Mapping.of(new Field("lastmodified", new Scalar.Str("2024-01-01T00:00:00Z")),
        new Field("version", new Scalar.Str("3.13.2")));
    assertThat(new String(store.writeEncrypted(docs, md), UTF_8)).isEqualTo("{\n"
        + "\t\"data\": \"ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\",\n"
        + "\t\"sops\": {\n\t\t\"lastmodified\": \"2024-01-01T00:00:00Z\",\n\t\t\"version\": \"3.13.2\"\n\t}\n}\n");
  }
}
