package dev.sops4j.bench;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The SOPS files of the decryption benchmark: a 1,000-value YAML file (nested maps, lists, comments),
 * a 10,000-value JSON file (nested objects and arrays of strings, numbers and booleans) and a one-value
 * YAML file for start-up, all encrypted by sops4j to one fresh X25519 recipient. Values come from a
 * fixed seed, so every run decrypts the same plaintext; only the key and the ciphertext change.
 *
 * <p>Run as a single source file with sops4j on the class path:
 * <pre>{@code java -cp secrets-cli/target/sops4j.jar benchmarks/src/main/java/dev/sops4j/bench/SopsBenchFiles.java DIR}</pre>
 * It writes {@code DIR/key.txt} (the age identity), {@code DIR/secrets-1k.yaml},
 * {@code DIR/secrets-10k.json}, {@code DIR/tiny.yaml} and the plaintexts {@code DIR/plain-*}.
 */
public final class SopsBenchFiles {
  /** Name of the 1,000-value YAML file. */
  public static final String YAML_FILE = "secrets-1k.yaml";
  /** Name of the 10,000-value JSON file. */
  public static final String JSON_FILE = "secrets-10k.json";
  /** Name of the one-value YAML file. */
  public static final String TINY_FILE = "tiny.yaml";
  /** Name of the age identity file. */
  public static final String KEY_FILE = "key.txt";

  private static final long SEED = 20261130L;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String WORD_CHARS = LETTERS + "0123456789_-";

  private SopsBenchFiles() {
  }

  /** Writes the key and the three encrypted files (and their plaintexts) into {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SopsBenchFiles DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    X25519Identity identity = X25519Identity.generate();
    Files.writeString(dir.resolve(KEY_FILE), AgeKeys.identityFileText(identity.encode(),
        identity.recipient().encode(), Instant.now()));
    write(dir, "plain-1k.yaml", YAML_FILE, Format.YAML, yaml(), identity);
    write(dir, "plain-10k.json", JSON_FILE, Format.JSON, json(), identity);
    write(dir, "plain-tiny.yaml", TINY_FILE, Format.YAML, tinyYaml(), identity);
  }

  private static void write(Path dir, String plainName, String encryptedName, Format format, String plain,
      X25519Identity identity) throws IOException {
    byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve(plainName), bytes);
    Files.write(dir.resolve(encryptedName), encrypt(bytes, plainName, format, identity));
  }

  /** Encrypts a plaintext file to {@code identity}'s recipient, with sops' default rules. */
  public static byte[] encrypt(byte[] plaintext, String source, Format format, X25519Identity identity)
      throws SopsException {
    MasterKeyGroup group = new MasterKeyGroup(
        List.of(new MasterKeyGroup.AgeTarget(identity.recipient().encode(), identity.recipient())), List.of());
    return Sops.encrypt(plaintext, source, format, EncryptOptions.of(group));
  }

  /**
   * The 1,000-value YAML plaintext: 100 services of 10 values each (four scalars of every type, a secret,
   * a nested map of two, a list of three), a comment before every tenth service and on some list items.
   */
  public static String yaml() {
    Random random = new Random(SEED);
    StringBuilder out = new StringBuilder("# sops4j benchmark: 1,000 values\n");
    out.append("services:\n");
    for (int i = 0; i < 100; i++) {
      if (i % 10 == 0) {
        out.append("  # services ").append(i).append(" to ").append(i + 9).append('\n');
      }
      out.append("  svc_").append(String.format(Locale.ROOT, "%03d", i)).append(":\n");
      out.append("    name: ").append(word(random, 6, 16)).append('\n');
      out.append("    port: ").append(1024 + random.nextInt(60000)).append('\n');
      out.append("    ratio: ").append(decimal(random)).append('\n');
      out.append("    enabled: ").append(random.nextBoolean()).append('\n');
      out.append("    password: ").append(word(random, 24, 40)).append('\n');
      out.append("    database:\n");
      out.append("      user: ").append(word(random, 4, 12)).append('\n');
      out.append("      token: ").append(word(random, 32, 48)).append('\n');
      out.append("    hosts:\n");
      for (int h = 0; h < 3; h++) {
        if (h == 1 && i % 4 == 0) {
          out.append("      # replica\n");
        }
        out.append("      - ").append(word(random, 5, 12)).append(".example.org\n");
      }
    }
    return out.toString();
  }

  /**
   * The 10,000-value JSON plaintext: 500 tenants in an object by id and 500 in an array, 10 values each
   * (numbers, strings, booleans, a nested object of limits, an owner object and an array of two tags).
   */
  public static String json() {
    Random random = new Random(SEED + 1);
    StringBuilder out = new StringBuilder("{\n  \"tenants\": {\n");
    for (int i = 0; i < 500; i++) {
      out.append("    \"t").append(String.format(Locale.ROOT, "%04d", i)).append("\": ");
      tenant(out, random, i, "    ");
      out.append(i < 499 ? ",\n" : "\n");
    }
    out.append("  },\n  \"archive\": [\n");
    for (int i = 500; i < 1000; i++) {
      out.append("    ");
      tenant(out, random, i, "    ");
      out.append(i < 999 ? ",\n" : "\n");
    }
    return out.append("  ]\n}\n").toString();
  }

  private static void tenant(StringBuilder out, Random random, int id, String indent) {
    String in = indent + "  ";
    out.append("{\n");
    out.append(in).append("\"id\": ").append(id).append(",\n");
    out.append(in).append("\"name\": \"").append(word(random, 6, 20)).append("\",\n");
    out.append(in).append("\"active\": ").append(random.nextBoolean()).append(",\n");
    out.append(in).append("\"quota\": ").append(decimal(random)).append(",\n");
    out.append(in).append("\"limits\": {\"cpu\": ").append(1 + random.nextInt(64))
        .append(", \"memory_mib\": ").append(256L * (1 + random.nextInt(512))).append("},\n");
    out.append(in).append("\"owner\": {\"email\": \"").append(word(random, 4, 10)).append("@example.org\", ")
        .append("\"api_key\": \"").append(word(random, 32, 48)).append("\"},\n");
    out.append(in).append("\"tags\": [\"").append(word(random, 3, 8)).append("\", \"")
        .append(word(random, 3, 8)).append("\"]\n");
    out.append(indent).append('}');
  }

  /** The one-value YAML plaintext of the start-up measurement. */
  public static String tinyYaml() {
    return "password: " + word(new Random(SEED + 2), 24, 24) + "\n";
  }

  /** A word of {@code min..max} characters that starts with a letter, so YAML reads it as a string. */
  private static String word(Random random, int min, int max) {
    int length = min + random.nextInt(max - min + 1);
    StringBuilder word = new StringBuilder(length);
    word.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    for (int i = 1; i < length; i++) {
      word.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
    }
    return word.toString();
  }

  /** A decimal with two to four fraction digits and a non-zero last digit, as every reader prints it back. */
  private static String decimal(Random random) {
    int whole = random.nextInt(1000);
    int fraction = 1 + random.nextInt(9999);
    if (fraction % 10 == 0) {
      fraction++;
    }
    return whole + "." + String.format(Locale.ROOT, "%04d", fraction);
  }
}
