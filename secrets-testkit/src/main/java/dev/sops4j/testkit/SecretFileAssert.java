package dev.sops4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a file holding a secret (an installed secret, a rendered template, a key file).
 * Failure messages name the file and show modes, owners and line numbers, but never the content:
 * content checks report only lengths and SHA-256 prefixes.
 */
public class SecretFileAssert extends AbstractAssert<SecretFileAssert, Path> {

  /** Assertions on {@code actual}; prefer {@link SecretsAssertions#assertThatSecretFile(Path)}. */
  public SecretFileAssert(Path actual) {
    super(actual, SecretFileAssert.class);
  }

  /** The file exists (a symbolic link counts when its target exists). */
  public SecretFileAssert exists() {
    isNotNull();
    if (!Files.exists(actual)) {
      failWithMessage("Expected secret file %s to exist, but it does not", actual);
    }
    return myself;
  }

  /** Nothing exists at the path (not even a dangling link). */
  public SecretFileAssert doesNotExist() {
    isNotNull();
    if (Files.exists(actual, LinkOption.NOFOLLOW_LINKS)) {
      failWithMessage("Expected %s not to exist, but it does", actual);
    }
    return myself;
  }

  /** The path is a symbolic link whose target text is {@code target}. */
  public SecretFileAssert isSymbolicLinkTo(Path target) {
    isNotNull();
    if (!Files.isSymbolicLink(actual)) {
      failWithMessage("Expected %s to be a symbolic link to %s, but it is not a link", actual, target);
    }
    Path found = io(() -> Files.readSymbolicLink(actual));
    if (!found.equals(target)) {
      failWithMessage("Expected %s to be a symbolic link to %s, but it points to %s", actual, target, found);
    }
    return myself;
  }

  /**
   * The POSIX permissions of the file (links followed) are exactly {@code mode}: octal ({@code "0400"},
   * {@code "440"}) or symbolic ({@code "r--r-----"}).
   */
  public SecretFileAssert hasMode(String mode) {
    exists();
    Set<PosixFilePermission> expected = parseMode(mode);
    Set<PosixFilePermission> found = io(() -> Files.getPosixFilePermissions(actual));
    if (!found.equals(expected)) {
      failWithMessage("Expected %s to have mode %s (%s) but it has %s (%s)", actual, octal(expected),
          PosixFilePermissions.toString(expected), octal(found), PosixFilePermissions.toString(found));
    }
    return myself;
  }

  /** The file's owner has this user name. */
  public SecretFileAssert isOwnedBy(String userName) {
    exists();
    String owner = io(() -> Files.getOwner(actual)).getName();
    if (!owner.equals(userName)) {
      failWithMessage("Expected %s to be owned by user %s but its owner is %s", actual, userName, owner);
    }
    return myself;
  }

  /** The file's owner has this numeric user id (needs the {@code unix} attribute view). */
  public SecretFileAssert isOwnedBy(int uid) {
    exists();
    int found = (Integer) io(() -> Files.getAttribute(actual, "unix:uid"));
    if (found != uid) {
      failWithMessage("Expected %s to be owned by uid %s but its owner is uid %s", actual, uid, found);
    }
    return myself;
  }

  /** The file's group has this name. */
  public SecretFileAssert hasGroup(String groupName) {
    exists();
    String group = io(() -> Files.readAttributes(actual,
        java.nio.file.attribute.PosixFileAttributes.class).group().getName());
    if (!group.equals(groupName)) {
      failWithMessage("Expected %s to have group %s but its group is %s", actual, groupName, group);
    }
    return myself;
  }

  /** The content is exactly {@code expected} (UTF-8); a failure shows lengths and hashes only. */
  public SecretFileAssert hasContent(String expected) {
    return hasContent(expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The content is exactly these bytes; a failure shows lengths and hashes only. */
  public SecretFileAssert hasContent(byte[] expected) {
    byte[] content = content();
    int diff = Redacted.firstDifference(content, expected);
    if (diff >= 0) {
      failWithMessage("Expected the content of %s to equal the expected value %s but it was %s"
          + " (first difference at byte %s; values not shown)", actual, Redacted.describe(expected),
          Redacted.describe(content), diff);
    }
    return myself;
  }

  /** The content (UTF-8) contains {@code part}; a failure shows lengths and hashes only. */
  public SecretFileAssert contentContains(String part) {
    String text = new String(content(), StandardCharsets.UTF_8);
    if (!text.contains(part)) {
      failWithMessage("Expected the content of %s (%s) to contain the expected part %s (values not shown)",
          actual, Redacted.describe(text), Redacted.describe(part));
    }
    return myself;
  }

  /** The content (UTF-8) does not contain {@code part}; a failure shows where, not what. */
  public SecretFileAssert contentDoesNotContain(String part) {
    String text = new String(content(), StandardCharsets.UTF_8);
    int at = text.indexOf(part);
    if (at >= 0) {
      failWithMessage("Expected the content of %s not to contain the given part %s, but it does at line %s"
          + " (values not shown)", actual, Redacted.describe(part), text.substring(0, at).split("\n", -1).length);
    }
    return myself;
  }

  /**
   * No template placeholder is left: neither {@code <SOPS:…:PLACEHOLDER>} (sops-nix) nor
   * {@code {{ sops:NAME }}}. A failure lists each placeholder and its line (placeholders are names or
   * hashes, not secrets).
   */
  public SecretFileAssert hasNoPlaceholders() {
    String text = new String(content(), StandardCharsets.UTF_8);
    List<PlaceholderScan.Found> found = PlaceholderScan.scan(text);
    if (!found.isEmpty()) {
      String list = found.stream().map(f -> "line " + f.line() + ": " + f.placeholder())
          .collect(Collectors.joining(", "));
      failWithMessage("Expected %s to have no placeholders left, but found %s: %s", actual, found.size(), list);
    }
    return myself;
  }

  /** Continues with assertions on the file as a SOPS-encrypted file. */
  public SopsFileAssert asSopsFile() {
    exists();
    return new SopsFileAssert(actual);
  }

  private byte[] content() {
    exists();
    if (Files.isDirectory(actual)) {
      failWithMessage("Expected %s to be a file, but it is a directory", actual);
    }
    return io(() -> Files.readAllBytes(actual));
  }

  private static Set<PosixFilePermission> parseMode(String mode) {
    if (mode.matches("[0-7]{3,4}")) {
      int bits = Integer.parseInt(mode, 8);
      if (bits > 0777) {
        throw new IllegalArgumentException("only permission bits (0000-0777) can be checked, not " + mode);
      }
      StringBuilder symbolic = new StringBuilder();
      String letters = "rwxrwxrwx";
      for (int i = 0; i < 9; i++) {
        symbolic.append((bits & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
      }
      return PosixFilePermissions.fromString(symbolic.toString());
    }
    if (mode.matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]")) {
      return PosixFilePermissions.fromString(mode);
    }
    throw new IllegalArgumentException("mode must be octal like 0400 or symbolic like r--------, not " + mode);
  }

  private static String octal(Set<PosixFilePermission> permissions) {
    String symbolic = PosixFilePermissions.toString(permissions);
    int bits = 0;
    for (int i = 0; i < 9; i++) {
      if (symbolic.charAt(i) != '-') {
        bits |= 1 << (8 - i);
      }
    }
    return String.format("%04o", bits);
  }

  /** An I/O step whose failure becomes an {@link UncheckedIOException} naming nothing secret. */
  interface IoStep<T> {
    T run() throws IOException;
  }

  static <T> T io(IoStep<T> step) {
    try {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
