package dev.sops4j.install;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.format.EncryptedFile;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Sequence;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SOPS files of a manifest, each read once and parsed without decryption, as sops-install-secrets'
 * {@code validateSopsFile}: the file exists, is valid in its format and carries sops metadata, and the
 * key of every YAML/JSON secret is present (keys are clear text in SOPS files) and names a single value.
 * The bytes are kept so that decryption reads nothing again.
 */
final class SopsInputs {
  /** One SOPS file: its name as the manifest writes it, its format, its bytes and the secrets using it. */
  record Input(String file, Format format, byte[] bytes, List<SecretSpec> secrets) {
    @Override
    public String toString() {
      return "SopsInputs.Input[" + file + ", " + format.id() + ", " + bytes.length + " bytes]";
    }
  }

  private SopsInputs() {
  }

  /** Reads and checks every SOPS file; every problem found is added to {@code problems}. */
  static List<Input> read(Manifest manifest, List<ManifestProblem> problems) {
    List<Input> inputs = new ArrayList<>();
    for (Map.Entry<String, List<SecretSpec>> entry : manifest.secretsBySopsFile().entrySet()) {
      String file = entry.getKey();
      List<SecretSpec> secrets = entry.getValue();
      Optional<Format> format = SecretFormats.of(secrets.get(0).format());
      if (file.isEmpty() || format.isEmpty()) {
        continue; // reported by the validator
      }
      String subject = "sopsFile '" + file + "' (" + users(secrets) + ")";
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(Path.of(file));
      } catch (NoSuchFileException e) {
        problems.add(new ManifestProblem(subject, "the file does not exist"));
        continue;
      } catch (AccessDeniedException e) {
        problems.add(new ManifestProblem(subject, "the file cannot be read: permission denied"));
        continue;
      } catch (IOException e) {
        problems.add(new ManifestProblem(subject, "the file cannot be read (" + e.getClass().getSimpleName()
            + ")"));
        continue;
      }
      EncryptedFile parsed;
      try {
        parsed = format.get().store().readEncrypted(bytes, file);
      } catch (SopsParseException e) {
        problems.add(new ManifestProblem(subject, "cannot parse " + format.get().id() + ": "
            + Installer.withoutSource(e.getMessage(), file)));
        continue;
      }
      if (parsed.metadata().members().isEmpty()) {
        problems.add(new ManifestProblem(subject, "has no sops metadata: it is not an encrypted SOPS file"));
        continue;
      }
      for (SecretSpec s : secrets) {
        checkKey(s, file, parsed, problems);
      }
      inputs.add(new Input(file, format.get(), bytes, secrets));
    }
    return inputs;
  }

  private static void checkKey(SecretSpec s, String file, EncryptedFile parsed, List<ManifestProblem> problems) {
    if (!s.usesKey() || s.key().isEmpty()) {
      return;
    }
    String subject = "secret '" + s.name() + "'";
    Optional<Node> node = s.keyPath().find(parsed.documents().first());
    if (node.isEmpty()) {
      problems.add(new ManifestProblem(subject, "the key '" + s.key() + "' cannot be found in " + file
          + keysAt(parsed.documents().first(), s.key())));
    } else if (node.get() instanceof Mapping || node.get() instanceof Sequence) {
      problems.add(new ManifestProblem(subject, "the key '" + s.key() + "' in " + file + " is a "
          + (node.get() instanceof Mapping ? "mapping" : "list")
          + ", not a single value (use a longer key, or \"\" for the whole file)"));
    }
  }

  /** The keys present where the missing key's walk stopped, to help fixing a typo. */
  private static String keysAt(Mapping root, String key) {
    Mapping current = root;
    String[] steps = key.split("/", -1);
    for (int i = 0; i < steps.length - 1; i++) {
      Optional<Node> next = current.get(steps[i]);
      if (next.isEmpty() || !(next.get() instanceof Mapping m)) {
        break;
      }
      current = m;
    }
    List<String> names = current.fields().stream().map(Field::key).toList();
    if (names.isEmpty() || names.size() > 20) {
      return "";
    }
    return " (keys there: " + names.stream().collect(Collectors.joining(", ")) + ")";
  }

  private static String users(List<SecretSpec> secrets) {
    String names = secrets.stream().limit(5).map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    int more = secrets.size() - 5;
    return "used by secret" + (secrets.size() == 1 ? " " : "s ") + names + (more > 0 ? " and " + more + " more" : "");
  }
}
