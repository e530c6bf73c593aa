package dev.sops4j.bench;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Installer;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The files of the install benchmark, and an in-process timer. Run as a single source file with sops4j
 * on the class path:
 * <pre>{@code
 * java -cp sops4j.jar InstallBenchFiles.java write DIR SECRETS FILES TEMPLATES
 * java -cp sops4j.jar InstallBenchFiles.java time DIR RUNS
 * }</pre>
 * {@code write} makes {@code DIR/key.txt} (a fresh age identity), {@code FILES} SOPS YAML files
 * {@code DIR/sops/fNNN.yaml} holding {@code SECRETS} values in all (under {@code secrets:}, values from a
 * fixed seed), encrypted to that key, and {@code DIR/manifest.json}: a sops-nix manifest as
 * {@code manifest-for.nix} writes it ({@code userMode} true, every field), one secret per value, and
 * {@code TEMPLATES} templates of ten sops-nix placeholders each, live link {@code %r/secrets},
 * generations in {@code %r/secrets.d} ({@code %r} = {@code XDG_RUNTIME_DIR}, which the benchmark sets to
 * {@code DIR/run}), {@code keepGenerations} 1.
 * {@code time} runs {@code Installer.install(DIR/manifest.json)} {@code RUNS} times in this JVM after
 * three warm-up installs (with {@code XDG_RUNTIME_DIR} from the environment, else {@code DIR/run}) and
 * prints the median and fastest wall time in ms and the last generation number.
 */
public final class InstallBenchFiles {
  private static final long SEED = 20261130L;
  private static final String CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final int PLACEHOLDERS_PER_TEMPLATE = 10;

  private InstallBenchFiles() {
  }

  /** {@code write DIR SECRETS FILES TEMPLATES} or {@code time DIR RUNS}. */
  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("write")) {
      write(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else if (args.length == 3 && args[0].equals("time")) {
      time(Path.of(args[1]), Integer.parseInt(args[2]));
    } else {
      System.err.println("usage: InstallBenchFiles write DIR SECRETS FILES TEMPLATES | time DIR RUNS");
      System.exit(2);
    }
  }

  private static String secretName(int file, int index) {
    return String.format(Locale.ROOT, "f%03d/s%04d", file, index);
  }

  /** Writes the key, the SOPS files and the manifest. */
  static void write(Path dir, int secrets, int files, int templates) throws IOException {
    Files.createDirectories(dir.resolve("sops"));
    X25519Identity identity = X25519Identity.generate();
    Path keyFile = dir.resolve("key.txt");
    Files.writeString(keyFile, AgeKeys.identityFileText(identity.encode(), identity.recipient().encode(),
        Instant.now()));
    MasterKeyGroup group = new MasterKeyGroup(
        List.of(new MasterKeyGroup.AgeTarget(identity.recipient().encode(), identity.recipient())), List.of());
    Random random = new Random(SEED);
    List<String> names = new ArrayList<>();
    List<String> secretEntries = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      int count = secrets / files + (f < secrets % files ? 1 : 0);
      StringBuilder plain = new StringBuilder("secrets:\n");
      Path sopsFile = dir.resolve(String.format(Locale.ROOT, "sops/f%03d.yaml", f));
      for (int i = 0; i < count; i++) {
        String key = String.format(Locale.ROOT, "s%04d", i);
        plain.append("  ").append(key).append(": ").append(word(random, 16, 48)).append('\n');
        String name = secretName(f, i);
        names.add(name);
        secretEntries.add(secret(dir, name, "secrets/" + key, sopsFile));
      }
      byte[] bytes = plain.toString().getBytes(StandardCharsets.UTF_8);
      Files.write(sopsFile, Sops.encrypt(bytes, sopsFile.toString(), Format.YAML, EncryptOptions.of(group)));
    }
    names.sort(null);
    List<String> templateEntries = new ArrayList<>();
    for (int t = 0; t < templates; t++) {
      StringBuilder content = new StringBuilder("# template ").append(t).append('\n');
      for (int p = 0; p < PLACEHOLDERS_PER_TEMPLATE; p++) {
        String name = names.get(random.nextInt(names.size()));
        content.append("value_").append(p).append(" = ").append(placeholder(name)).append('\n');
      }
      templateEntries.add(template(dir, String.format(Locale.ROOT, "t%04d.conf", t), content.toString()));
    }
    List<String> placeholders = new ArrayList<>();
    for (String name : names) {
      placeholders.add(json(name) + ":" + json(placeholder(name)));
    }
    String manifest = "{\"ageKeyFile\":" + json(keyFile.toString()) + ",\"ageSshKeyPaths\":[],\"gnupgHome\":null"
        + ",\"keepGenerations\":1,\"logging\":{\"keyImport\":true,\"secretChanges\":true}"
        + ",\"placeholderBySecretName\":{" + String.join(",", placeholders) + "}"
        + ",\"secrets\":[" + String.join(",", secretEntries) + "]"
        + ",\"secretsMountPoint\":" + json("%r/secrets.d") + ",\"sshKeyPaths\":[]"
        + ",\"symlinkPath\":" + json("%r/secrets")
        + ",\"templates\":[" + String.join(",", templateEntries) + "]"
        + ",\"useTmpfs\":false,\"userMode\":true}";
    Files.writeString(dir.resolve("manifest.json"), manifest);
    System.err.printf(Locale.ROOT, "%d secrets in %d SOPS files, %d templates of %d placeholders in %s%n",
        secrets, files, templates, PLACEHOLDERS_PER_TEMPLATE, dir);
  }

  private static String secret(Path dir, String name, String key, Path sopsFile) {
    return "{\"format\":\"yaml\",\"gid\":0,\"group\":null,\"key\":" + json(key) + ",\"mode\":\"0400\""
        + ",\"name\":" + json(name) + ",\"neededForUsers\":false,\"owner\":null"
        + ",\"path\":" + json("%r/secrets/" + name)
        + ",\"reloadUnits\":[],\"restartUnits\":[\"app.service\"],\"sopsFile\":" + json(sopsFile.toString())
        + ",\"sopsFileHash\":\"\",\"uid\":0}";
  }

  private static String template(Path dir, String name, String content) {
    return "{\"content\":" + json(content) + ",\"file\":" + json(dir.resolve("store").resolve(name).toString())
        + ",\"gid\":0,\"group\":null,\"mode\":\"0400\",\"name\":" + json(name) + ",\"owner\":null"
        + ",\"path\":" + json("%r/secrets/rendered/" + name)
        + ",\"reloadUnits\":[],\"restartUnits\":[],\"uid\":0}";
  }

  /** sops-nix's placeholder: SHA-256 of the name in lowercase hex. */
  private static String placeholder(String name) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return "<SOPS:" + java.util.HexFormat.of().formatHex(hash) + ":PLACEHOLDER>";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String word(Random random, int min, int max) {
    int length = min + random.nextInt(max - min + 1);
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    return word.toString();
  }

  /** Installs the manifest {@code runs} times after three warm-ups; prints median and fastest ms. */
  static void time(Path dir, int runs) throws IOException {
    String runtimeDir = System.getenv().getOrDefault("XDG_RUNTIME_DIR", dir.resolve("run").toString());
    Installer installer = new Installer(InstallOptions.defaults()
        .withEnvironment(Map.of("XDG_RUNTIME_DIR", runtimeDir), dir));
    Path manifest = dir.resolve("manifest.json");
    for (int i = 0; i < 3; i++) {
      installer.install(manifest);
    }
    double[] ms = new double[runs];
    int generation = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      InstallResult result = installer.install(manifest);
      ms[i] = (System.nanoTime() - start) / 1e6;
      generation = result.generation();
    }
    Arrays.sort(ms);
    double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    System.out.printf(Locale.ROOT, "%.1f %.1f %d%n", median, ms[0], generation);
  }
}
