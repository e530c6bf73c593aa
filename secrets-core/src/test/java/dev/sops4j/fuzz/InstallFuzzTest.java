package dev.sops4j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sops4j.install.ManifestException;
import dev.sops4j.install.ManifestReader;
import dev.sops4j.template.PlaceholderIndex;
import dev.sops4j.template.SecretLookup;
import dev.sops4j.template.Template;
import dev.sops4j.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for install manifests (both dialects, detected) and templates. {@link ManifestException}
 * and {@link TemplateException} are the only documented failures.
 */
// Per input: 10 s in regression mode (JUnit), libFuzzer's -timeout when fuzzing (see the fuzz profile)
@Timeout(10)
class InstallFuzzTest {
  private static final PlaceholderIndex INDEX = PlaceholderIndex.of(List.of("db/password", "api-key"));

  @FuzzTest(maxDuration = "10m")
  void manifest(byte[] text) {
    String manifest = new String(text, StandardCharsets.UTF_8);
    try {
      ManifestReader.read(manifest, "fuzz-manifest", null, Path.of("/fuzz/base"));
    } catch (ManifestException documented) {
      // every problem listed with its field
    }
  }

  @FuzzTest(maxDuration = "10m")
  void template(byte[] text) {
    Template template = Template.parse("fuzz.tmpl", text, INDEX);
    try {
      template.check();
      template.render(SecretLookup.ofStrings(Map.of("db/password", "s3cret", "api-key", "k3y")));
    } catch (TemplateException documented) {
      // unknown placeholders or a missing value
    }
  }
}
