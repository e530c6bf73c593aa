package dev.sops4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.config.SopsConfig;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.format.Store;
import dev.sops4j.sops.metadata.MetadataReader;
import java.nio.file.Path;

/**
 * Fuzz targets for the SOPS stores (encrypted and plain reading), the metadata reader and
 * {@code .sops.yaml}. {@link SopsException} subclasses are the only documented failures.
 */
class SopsFuzzTest {
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
      MetadataReader.read(file.metadata(), "fuzz.yaml");
    } catch (SopsException documented) {
      // a SopsParseException or SopsMetadataException naming the file and field
    }
  }

  @FuzzTest(maxDuration = "10m")
  void sopsConfig(byte[] yaml) {
    try {
      SopsConfig.parse(yaml, Path.of(".sops.yaml"));
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
