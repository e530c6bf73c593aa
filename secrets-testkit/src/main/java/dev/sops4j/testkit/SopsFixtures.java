package dev.sops4j.testkit;

import dev.sops4j.age.Recipient;
import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.MasterKeyGroup;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Documents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes SOPS-encrypted files for a test, by default encrypted to all of the test's
 * {@link TestKeys#recipients() recipients} in one key group, and decrypts them with the test's ring.
 *
 * <pre>{@code
 * Path file = sops.write("secrets.yaml", Map.of("db", Map.of("password", "s3cret")));
 * Path shared = sops.file("shared.json").keyGroup(alice).keyGroup(bob).threshold(1).write("{\"a\": 1}");
 * }</pre>
 *
 * Relative names are resolved in a per-test directory ({@link #directory()}); the format is taken
 * from the name as sops does ({@code .yaml}/{@code .yml}, {@code .json}, {@code .env}, {@code .ini},
 * anything else binary) unless set with {@link Builder#format(Format)}.
 */
public final class SopsFixtures {
  private final TestKeys keys;
  private final Path directory;
  private Path lastWritten;

  /** Fixtures for {@code keys}, writing relative names under {@code directory}. */
  public SopsFixtures(TestKeys keys, Path directory) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The directory relative names are written to. */
  public Path directory() {
    return directory;
  }

  /** The keys files are encrypted to and decrypted with. */
  public TestKeys keys() {
    return keys;
  }

  /** A file built step by step: format, recipients, key groups, threshold. */
  public Builder file(String name) {
    return new Builder(name);
  }

  /**
   * Encrypts a tree to the test's recipients: nested maps (their order kept), lists, strings, numbers,
   * booleans, null, {@link java.time.OffsetDateTime}, {@code byte[]} or sops4j tree nodes.
   *
   * @return the written file
   */
  public Path write(String name, Map<String, ?> content) throws IOException {
    return file(name).write(content);
  }

  /** Encrypts plaintext in the file's format (YAML text for a {@code .yaml} name and so on). */
  public Path write(String name, String plaintext) throws IOException {
    return file(name).write(plaintext);
  }

  /** The file written last by this object, if any (the default SOPS file of {@link InstallFixtures}). */
  Optional<Path> lastWritten() {
    return Optional.ofNullable(lastWritten);
  }

  /** Decrypts a SOPS file with the test's key ring, the MAC verified. */
  public SopsFile decrypt(Path file) throws IOException {
    return Sops.decrypt(file, keys.keyRing());
  }

  /** One file to write; every setter returns this builder. */
  public final class Builder {
    private final String name;
    private Format format;
    private final List<List<Recipient>> groups = new ArrayList<>();
    private int threshold;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The format, instead of the one the file name gives. */
    public Builder format(Format newFormat) {
      this.format = Objects.requireNonNull(newFormat, "format");
      return this;
    }

    /** One key group of exactly these recipients (replaces the groups given so far). */
    public Builder to(Recipient... recipients) {
      groups.clear();
      return keyGroup(recipients);
    }

    /** Adds a key group; with several groups the data key is split with Shamir's scheme. */
    public Builder keyGroup(Recipient... recipients) {
      if (recipients.length == 0) {
        throw new IllegalArgumentException("a key group needs at least one recipient");
      }
      groups.add(List.copyOf(Arrays.asList(recipients)));
      return this;
    }

    /** How many key groups are needed to decrypt (0, the default: all of them). */
    public Builder threshold(int groupsNeeded) {
      if (groupsNeeded < 0) {
        throw new IllegalArgumentException("the threshold cannot be negative");
      }
      this.threshold = groupsNeeded;
      return this;
    }

    /** Encrypts a tree (see {@link SopsFixtures#write(String, Map)}) and returns the file. */
    public Path write(Map<String, ?> content) throws IOException {
      Path target = target();
      Documents documents = Documents.of(TreeValues.mapping(content));
      return store(target, Sops.encrypt(documents, formatOf(target), options()));
    }

    /** Encrypts plaintext in the file's format and returns the file. */
    public Path write(String plaintext) throws IOException {
      return write(plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** Encrypts plaintext bytes in the file's format (any bytes for binary) and returns the file. */
    public Path write(byte[] plaintext) throws IOException {
      Path target = target();
      return store(target, Sops.encrypt(plaintext, target.toString(), formatOf(target), options()));
    }

    private Path target() {
      return directory.resolve(name);
    }

    private Format formatOf(Path target) {
      return format != null ? format : Format.fromPath(target);
    }

    private EncryptOptions options() {
      List<List<Recipient>> chosen = groups.isEmpty() ? List.of(keys.recipients()) : groups;
      if (threshold > chosen.size()) {
        throw new IllegalArgumentException("threshold " + threshold + " is more than the " + chosen.size()
            + " key group(s)");
      }
      List<MasterKeyGroup> keyGroups = new ArrayList<>();
      for (List<Recipient> group : chosen) {
        List<MasterKeyGroup.AgeTarget> targets = new ArrayList<>();
        for (Recipient r : group) {
          targets.add(new MasterKeyGroup.AgeTarget(Recipients.text(r), r));
        }
        keyGroups.add(new MasterKeyGroup(targets, List.of()));
      }
      return new EncryptOptions(keyGroups, threshold, EncryptionRules.defaults(), false);
    }

    private Path store(Path target, byte[] encrypted) throws IOException {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(target, encrypted);
      lastWritten = target;
      return target;
    }
  }
}
