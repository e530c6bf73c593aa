package dev.sops4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.config.CreationRule;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.format.Store;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for the SOPS stores (encrypted and plain reading), the metadata reader (its encryption
 * rule then matched against a long key and comment) and {@code .sops.yaml} (a rule chosen for a long
 * path, its encryption rule compiled). {@link SopsException} subclasses are the only documented
 * failures; the regexes come from the input, so a slow match would show as a libFuzzer timeout.
 */
// Per input: 10 s in regression mode (JUnit), libFuzzer's -timeout when fuzzing (see the fuzz profile)
@Timeout(10)
class SopsFuzzTest {
  private static final String LONG_KEY = "a".repeat(3000) + "!";
  private static final List<String> MATCH_PATH = List.of("db", "password", LONG_KEY);
  private static final List<List<String>> MATCH_COMMENTS = List.of(List.of(" sops:enc " + LONG_KEY));
  private static final Path CONFIG = Path.of("/fuzz/.sops.yaml");
  private static final String MATCH_FILE = "secrets/" + LONG_KEY + ".yaml";

  @FuzzTest(maxDuration = "10m")
  void yaml(byte[] data) {
    readBoth(Format.YAML.store(), data, "fuzz.yaml");
  }

  @FuzzTest(maxDuration = "10m")
  void json(byte[] data) {
    readBoth(Format.JSON.store(), data, "fuzz.json");
  }

  @FuzzTest(maxDuration = "10m")
  void dotenv(byte[] data) {
    readBoth(Format.DOTENV.store(), data, "fuzz.env");
  }

  @FuzzTest(maxDuration = "10m")
  void ini(byte[] data) {
    readBoth(Format.INI.store(), data, "fuzz.ini");
  }

  @FuzzTest(maxDuration = "10m")
  void binary(byte[] data) {
    readBoth(Format.BINARY.store(), data, "fuzz.bin");
  }

  @FuzzTest(maxDuration = "10m")
  void metadata(byte[] data) {
    try {
      EncryptedFile file = Format.YAML.store().readEncrypted(data, "fuzz.yaml");
      Metadata metadata = MetadataReader.read(file.metadata(), "fuzz.yaml");
      // a rule's regex from the file, matched against keys and comments (RE2: linear time)
      metadata.encryptionRule().shouldEncrypt(MATCH_PATH, MATCH_COMMENTS, false);
    } catch (SopsException documented) {
      // a SopsParseException or SopsMetadataException naming the file and field
    }
  }

  @FuzzTest(maxDuration = "10m")
  void sopsConfig(byte[] yaml) {
    try {
      SopsConfig config = SopsConfig.parse(yaml, CONFIG);
      CreationRule rule = config.ruleFor(CONFIG.resolveSibling(MATCH_FILE));
      rule.encryptionRules(config.name());
    } catch (SopsException documented) {
      // a SopsConfigException naming the rule and field
    }
  }

  private static void readBoth(Store store, byte[] data, String source) {
    try {
      store.readEncrypted(data, source);
    } catch (SopsException documented) {
      // parse errors and files without metadata
    }
    try {
      store.readPlain(data, source);
    } catch (SopsException documented) {
      // parse errors
    }
  }
}
