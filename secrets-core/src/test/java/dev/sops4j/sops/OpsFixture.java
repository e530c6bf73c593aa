package dev.sops4j.sops;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared inputs and helpers of the updatekeys, rotate and set tests. */
final class OpsFixture {
  static final String YAML = """
      # top comment
      db:
          user: app
          password: "s3cr3t: with colon"   # trailing
          port: 5432
          enabled: true
      hosts:
          - alpha
          # between
          - beta
      public_unencrypted: visible
      """;
  static final String JSON = "{\n\t\"token\": \"abc<&>\",\n\t\"n\": 42,\n\t\"nested\": {\n\t\t\"list\": [1, \"two\"]\n\t}\n}\n";
  static final String DOTENV = "# comment\nAPI_KEY=k-123\nOTHER=o-456\n";

  private OpsFixture() {
  }

  static MasterKeyGroup group(X25519Identity... ids) {
    return new MasterKeyGroup(Arrays.stream(ids)
        .map(i -> new MasterKeyGroup.AgeTarget(i.recipient().encode(), i.recipient())).toList(), List.of());
  }

  static EncryptOptions to(X25519Identity... ids) {
    return EncryptOptions.of(group(ids));
  }

  static EncryptOptions groups(int threshold, MasterKeyGroup... groups) {
    return new EncryptOptions(List.of(groups), threshold, EncryptionRules.defaults(), false);
  }

  static byte[] encrypt(String plain, Format format, EncryptOptions options) throws SopsException {
    return Sops.encrypt(plain.getBytes(StandardCharsets.UTF_8), "plain." + format.id(), format, options);
  }

  static SopsFile decrypt(byte[] file, Format format, X25519Identity... ids) throws SopsException {
    return Sops.decrypt(file, "f." + format.id(), KeyRing.of(List.of(ids)),
        DecryptOptions.defaults().withFormat(format));
  }

  static KeyRing ring(X25519Identity... ids) {
    return KeyRing.of(List.of(ids));
  }

  static String text(byte[] file) {
    return new String(file, StandardCharsets.UTF_8);
  }

  /** The YAML text before the {@code sops:} metadata. */
  static String yamlValues(byte[] file) {
    String t = text(file);
    return t.substring(0, t.indexOf("\nsops:\n"));
  }

  /** Indices of lines that differ between two texts of the same line count. */
  static List<String> changedLines(byte[] before, byte[] after) {
    List<String> a = text(before).lines().toList();
    List<String> b = text(after).lines().toList();
    if (a.size() != b.size()) {
      throw new AssertionError("line count changed: " + a.size() + " -> " + b.size());
    }
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        String line = b.get(i).strip();
        int colon = line.indexOf(':');
        int eq = line.indexOf('=');
        int cut = colon < 0 ? eq : eq < 0 ? colon : Math.min(colon, eq);
        changed.add(cut < 0 ? line : line.substring(0, cut + 1));
      }
    }
    return changed;
  }
}
