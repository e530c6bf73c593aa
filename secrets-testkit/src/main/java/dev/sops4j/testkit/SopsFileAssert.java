package dev.sops4j.testkit;

import dev.sops4j.age.Identity;
import dev.sops4j.age.Recipient;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsException;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.SopsMacException;
import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.metadata.AgeMasterKey;
import dev.sops4j.sops.metadata.MasterKey;
import dev.sops4j.sops.metadata.Metadata;
import dev.sops4j.sops.metadata.MetadataReader;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a SOPS-encrypted file: who it is encrypted to (read from the metadata, no key needed),
 * whether it decrypts, whether its MAC is valid, and its values. Checks that read values need keys:
 * {@link #decryptsWith(Identity...)} or {@link #usingKeys(KeyRing)} first. Failure messages never show
 * a value, only its length and a SHA-256 prefix.
 */
public class SopsFileAssert extends AbstractAssert<SopsFileAssert, Path> {
  private KeyRing keys;
  private SopsFile decrypted;

  /** Assertions on the SOPS file {@code actual}; prefer {@link SecretsAssertions#assertThatSopsFile(Path)}. */
  public SopsFileAssert(Path actual) {
    super(actual, SopsFileAssert.class);
  }

  /** The keys later checks decrypt with (the test's {@link TestKeys#keyRing()}, say). */
  public SopsFileAssert usingKeys(KeyRing ring) {
    this.keys = ring;
    this.decrypted = null;
    return myself;
  }

  /**
   * The file's data key opens with these identities and every value decrypts (the MAC is checked by
   * {@link #hasValidMac()}). The identities become the keys of later checks.
   */
  public SopsFileAssert decryptsWith(Identity... identities) {
    isNotNull();
    usingKeys(KeyRing.of(Arrays.asList(identities)));
    opened();
    return myself;
  }

  /** The file does not open with these identities (for example a removed recipient). */
  public SopsFileAssert doesNotDecryptWith(Identity... identities) {
    isNotNull();
    try {
      Sops.decrypt(actual, KeyRing.of(Arrays.asList(identities)), DecryptOptions.defaults().withIgnoreMac(true));
    } catch (IOException e) {
      return myself;
    }
    failWithMessage("Expected %s not to decrypt with the given identities, but it does", actual);
    return myself;
  }

  /** The MAC over the decrypted values matches the one stored in the file. */
  public SopsFileAssert hasValidMac() {
    isNotNull();
    KeyRing ring = requireKeys("hasValidMac");
    try {
      Sops.decrypt(actual, ring);
    } catch (SopsMacException e) {
      failWithMessage("Expected %s to have a valid MAC, but: %s", actual, e.getMessage());
    } catch (IOException e) {
      failWithMessage("Expected %s to have a valid MAC, but it could not be decrypted: %s", actual, e.getMessage());
    }
    return myself;
  }

  /** A value (of any kind) is at the slash-separated path ({@code db/password}, {@code list/0}). */
  public SopsFileAssert hasValueAt(String slashPath) {
    valueAt(slashPath);
    return myself;
  }

  /**
   * The value at the slash-separated path equals {@code expected}: a string or number or boolean is
   * compared with the value's text as sops prints it; a {@code byte[]} with binary data; a map or list
   * with the whole subtree. A failure shows lengths and hashes, never the values.
   */
  public SopsFileAssert hasValueAt(String slashPath, Object expected) {
    Node found = valueAt(slashPath);
    if (expected instanceof Map<?, ?> || expected instanceof List<?> || expected == null) {
      Node wanted = expected == null ? Scalar.Null.INSTANCE
          : TreeValues.mapping(Map.of("v", expected)).get("v").orElseThrow();
      if (!withoutComments(found).equals(withoutComments(wanted))) {
        failWithMessage("Expected the value at %s in %s to equal the expected %s, but it differs (values not shown)",
            slashPath, actual, kind(wanted));
      }
      return myself;
    }
    if (!(found instanceof Scalar scalar)) {
      failWithMessage("Expected a single value at %s in %s, but it is a %s", slashPath, actual, kind(found));
      return myself;
    }
    byte[] foundBytes = scalar instanceof Scalar.Bytes b ? b.value()
        : scalarText(slashPath).getBytes(StandardCharsets.UTF_8);
    byte[] wantedBytes = expected instanceof byte[] b ? b : expected.toString().getBytes(StandardCharsets.UTF_8);
    if (!Arrays.equals(foundBytes, wantedBytes)) {
      failWithMessage("Expected the value at %s in %s to equal the expected value %s but it was %s (values not shown)",
          slashPath, actual, Redacted.describe(wantedBytes), Redacted.describe(foundBytes));
    }
    return myself;
  }

  /** Nothing is at the slash-separated path. */
  public SopsFileAssert hasNoValueAt(String slashPath) {
    if (opened().find(path(slashPath)).isPresent()) {
      failWithMessage("Expected no value at %s in %s, but there is one", slashPath, actual);
    }
    return myself;
  }

  /** Each recipient has an age master key in the file (in any key group); needs no key. */
  public SopsFileAssert isEncryptedTo(Recipient... recipients) {
    List<String> present = recipientTexts();
    for (Recipient r : recipients) {
      String wanted = Recipients.text(r);
      if (!present.contains(wanted)) {
        failWithMessage("Expected %s to be encrypted to %s, but its age recipients are %s", actual,
            shortText(wanted), present.stream().map(SopsFileAssert::shortText).toList());
      }
    }
    return myself;
  }

  /** No recipient given has an age master key in the file; needs no key. */
  public SopsFileAssert isNotEncryptedTo(Recipient... recipients) {
    List<String> present = recipientTexts();
    for (Recipient r : recipients) {
      String unwanted = Recipients.text(r);
      if (present.contains(unwanted)) {
        failWithMessage("Expected %s not to be encrypted to %s, but it is", actual, shortText(unwanted));
      }
    }
    return myself;
  }

  /** The file has this many key groups; needs no key. */
  public SopsFileAssert hasKeyGroups(int count) {
    int found = metadata().keyGroups().size();
    if (found != count) {
      failWithMessage("Expected %s to have %s key group(s) but it has %s", actual, count, found);
    }
    return myself;
  }

  private Node valueAt(String slashPath) {
    SopsFile file = opened();
    Optional<Node> found = file.find(path(slashPath));
    if (found.isEmpty()) {
      try {
        file.get(path(slashPath));
      } catch (SopsException e) {
        failWithMessage("Expected a value at %s in %s, but: %s", slashPath, actual, e.getMessage());
      }
    }
    return found.orElseThrow();
  }

  /**
   * The path of {@code text}: sops' extract form when it starts with {@code [} ({@code ["a"][0]}),
   * otherwise keys separated by {@code /} where a number indexes a list ({@code hosts/0}).
   */
  private SopsPath path(String text) {
    if (text.startsWith("[")) {
      return SopsPath.parseExtract(text);
    }
    if (text.isEmpty()) {
      return SopsPath.root();
    }
    List<Object> steps = new ArrayList<>();
    Node current = opened().documents().first();
    for (String token : text.split("/", -1)) {
      Object step = current instanceof Sequence && token.matches("[0-9]{1,9}") ? Integer.valueOf(token) : token;
      steps.add(step);
      current = child(current, step);
    }
    return new SopsPath(steps);
  }

  /** The node one step below {@code node}, or null. */
  private static Node child(Node node, Object step) {
    if (node instanceof Mapping m && step instanceof String key) {
      return m.get(key).orElse(null);
    }
    if (node instanceof Sequence s && step instanceof Integer index) {
      List<Node> items = s.items().stream().filter(i -> !(i instanceof dev.sops4j.sops.tree.Comment)).toList();
      return index < items.size() ? items.get(index) : null;
    }
    return null;
  }

  /** The scalar's text as sops prints it. */
  private String scalarText(String slashPath) {
    try {
      return opened().text(path(slashPath));
    } catch (SopsException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private SopsFile opened() {
    isNotNull();
    if (decrypted == null) {
      KeyRing ring = requireKeys("reading values");
      try {
        decrypted = Sops.decrypt(actual, ring, DecryptOptions.defaults().withIgnoreMac(true));
      } catch (IOException e) {
        failWithMessage("Expected %s to decrypt with the given keys, but: %s", actual, e.getMessage());
      }
    }
    return decrypted;
  }

  private KeyRing requireKeys(String what) {
    if (keys == null) {
      failWithMessage("%s of %s needs keys: call decryptsWith(...) or usingKeys(...) first", what, actual);
    }
    return keys;
  }

  private Metadata metadata() {
    isNotNull();
    try {
      byte[] data = Files.readAllBytes(actual);
      EncryptedFile file = Format.fromPath(actual).store().readEncrypted(data, actual.toString());
      return MetadataReader.read(file.metadata(), actual.toString());
    } catch (IOException e) {
      failWithMessage("Expected %s to be a SOPS file, but: %s", actual, e.getMessage());
      throw new IllegalStateException(e);
    }
  }

  private List<String> recipientTexts() {
    List<String> texts = new ArrayList<>();
    for (MasterKey key : metadata().masterKeys()) {
      if (key instanceof AgeMasterKey age) {
        texts.add(Recipients.canonical(age.recipient()).orElse(age.recipient()));
      }
    }
    return texts;
  }

  /** Recipients are public, but post-quantum ones are 1900 characters: show the start. */
  private static String shortText(String recipient) {
    return recipient.length() <= 80 ? recipient : recipient.substring(0, 60) + "…";
  }

  private static String kind(Node node) {
    return node instanceof Mapping ? "mapping" : node instanceof Sequence ? "list" : "single value";
  }

  private static Node withoutComments(Node node) {
    if (node instanceof Mapping m) {
      List<Mapping.Member> members = new ArrayList<>();
      for (var field : m.fields()) {
        members.add(new dev.sops4j.sops.tree.Field(field.key(), withoutComments(field.value())));
      }
      return new Mapping(members);
    }
    if (node instanceof Sequence s) {
      return new Sequence(s.items().stream().filter(i -> !(i instanceof dev.sops4j.sops.tree.Comment))
          .map(SopsFileAssert::withoutComments).toList());
    }
    return node;
  }
}
