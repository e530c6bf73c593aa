package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import java.util.List;

/**
 * Identity text parsed line by line: a bad line becomes a problem naming the source and the line,
 * and the good lines are kept (unlike a whole-file parse, which stops at the first bad line).
 */
final class IdentityText {
  private IdentityText() {}

  /** Adds the identities of {@code text} to {@code out} and its bad lines to {@code problems}. */
  static void parse(String text, String source, Collected out, List<KeyProblem> problems) {
    String[] lines = text.split("\n", -1);
    int found = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        out.addAge(AgeKeys.parseIdentity(line));
        found++;
      } catch (AgeKeyException | RuntimeException e) {
        // Our parse messages name no key material; runtime failures might, so they are not quoted.
        String why = e instanceof AgeKeyException ? e.getMessage() : "malformed identity";
        problems.add(new KeyProblem(source, i + 1, why));
      }
    }
    if (found == 0 && problems.isEmpty()) {
      problems.add(new KeyProblem(source, 0, "no identities found"));
    }
  }
}
