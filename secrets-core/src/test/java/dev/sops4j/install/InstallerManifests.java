package dev.sops4j.install;

import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes sops-nix-style manifest JSON for the installer tests, shaped as sops-nix's
 * {@code manifest-for.nix} writes it (every field present), and the accounts files the tests resolve
 * owners in.
 */
final class InstallerManifests {
  static final String ASSETS = "sops-nix/pkgs/sops-install-secrets/test-assets";
  /** Values of the fixtures; used as canaries: they must never appear in a message. */
  static final List<String> FIXTURE_VALUES = List.of("test_value", "another value", "binary_value",
      "Welcome to SOPS", "give you up");

  private final Path root;
  private final List<Map<String, Object>> secrets = new ArrayList<>();
  private final List<Map<String, Object>> templates = new ArrayList<>();
  private final Map<String, Object> top = new LinkedHashMap<>();

  InstallerManifests(Path root) {
    this.root = root;
    top.put("secretsMountPoint", root.resolve("secrets.d").toString());
    top.put("symlinkPath", root.resolve("secrets").toString());
    top.put("keepGenerations", 1);
    top.put("sshKeyPaths", List.of());
    top.put("gnupgHome", null);
    top.put("ageKeyFile", null);
    top.put("ageSshKeyPaths", List.of());
    top.put("useTmpfs", false);
    top.put("userMode", !isRoot()); // without root nothing can be chowned to uid 0
    top.put("logging", Map.of("keyImport", true, "secretChanges", true));
  }

  static Path asset(String name) {
    return Fixtures.path(ASSETS + "/" + name);
  }

  static boolean isRoot() {
    return ProcessIds.isRoot();
  }

  /** Sets a top-level field. */
  InstallerManifests set(String field, Object value) {
    top.put(field, value);
    return this;
  }

  InstallerManifests gnupgHome() {
    return set("gnupgHome", asset("gnupghome").toString());
  }

  InstallerManifests ageKeyFile() {
    return set("ageKeyFile", asset("age-keys.txt").toString());
  }

  /** Adds a secret as the NixOS module writes it; returns its field map for changes. */
  Map<String, Object> secret(String name, String key, String sopsAsset, String format) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("key", key);
    s.put("path", root.resolve("secrets").resolve(name).toString());
    s.put("owner", null);
    s.put("uid", 0);
    s.put("group", null);
    s.put("gid", 0);
    s.put("sopsFile", sopsAsset.startsWith("/") ? sopsAsset : asset(sopsAsset).toString());
    s.put("format", format);
    s.put("mode", "0400");
    s.put("restartUnits", List.of());
    s.put("reloadUnits", List.of());
    s.put("neededForUsers", false);
    s.put("sopsFileHash", "");
    secrets.add(s);
    return s;
  }

  /** Adds a template with inline content; returns its field map. */
  Map<String, Object> template(String name, String content) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", name);
    t.put("content", content);
    t.put("path", root.resolve("secrets/rendered").resolve(name).toString());
    t.put("mode", "0400");
    t.put("owner", null);
    t.put("uid", 0);
    t.put("group", null);
    t.put("gid", 0);
    t.put("file", root.resolve("store-" + name).toString());
    t.put("restartUnits", List.of());
    t.put("reloadUnits", List.of());
    templates.add(t);
    return t;
  }

  /** Writes the manifest JSON (with {@code placeholderBySecretName} as the module fills it) and returns its path. */
  Path write(String fileName) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("secrets", secrets);
    doc.put("templates", templates);
    Map<String, Object> placeholders = new LinkedHashMap<>();
    if (!templates.isEmpty()) {
      for (Map<String, Object> s : secrets) {
        String name = (String) s.get("name");
        placeholders.put(name, dev.sops4j.template.Placeholders.sopsNix(name));
      }
    }
    doc.put("placeholderBySecretName", placeholders);
    doc.putAll(top);
    Path file = root.resolve(fileName);
    Files.writeString(file, json(doc));
    return file;
  }

  /** passwd and group files with root, nobody, an app user and the keys group. */
  static SystemAccounts accounts(Path dir) throws IOException {
    Path passwd = dir.resolve("passwd");
    Path group = dir.resolve("group");
    Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
        + "app:x:1234:1235:app:/var/lib/app:/bin/false\n");
    Files.writeString(group, "root:x:0:\nkeys:x:96:\nnogroup:x:65534:\nappgroup:x:1235:\n");
    return SystemAccounts.read(passwd, group);
  }

  /** Options for a test: installs for real, an empty home and environment, the test accounts, no mount check. */
  static InstallOptions options(Path root) throws IOException {
    Path home = Files.createDirectories(root.resolve("home"));
    return InstallOptions.defaults().withEnvironment(Map.of("XDG_RUNTIME_DIR", root.toString()), home)
        .withAccounts(accounts(Files.createDirectories(root.resolve("etc")))).withMountInfo(null);
  }

  private static String json(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
      }
      return out.append('"').toString();
    }
    if (value instanceof Map<?, ?> map) {
      List<String> members = new ArrayList<>();
      map.forEach((k, v) -> members.add(json(k) + ": " + json(v)));
      return "{" + String.join(", ", members) + "}";
    }
    if (value instanceof List<?> list) {
      return "[" + String.join(", ", list.stream().map(InstallerManifests::json).toList()) + "]";
    }
    return value.toString();
  }
}
