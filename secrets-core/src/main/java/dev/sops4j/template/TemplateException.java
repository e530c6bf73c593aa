package dev.sops4j.template;

import java.io.IOException;
import java.util.List;

/**
 * A template cannot be rendered: it refers to secrets that are not known or have no value, or holds a
 * malformed placeholder. The message names the template, every unknown secret (or the sops-nix
 * placeholder whose hash matches no name) with its lines, and every malformed placeholder's line; it
 * never contains a secret value or template text beyond placeholders.
 */
public final class TemplateException extends IOException {
  private final String templateName;
  private final List<String> unknownSecrets;
  private final List<String> problems;

  /**
   * @param templateName   the template's name
   * @param unknownSecrets secret names (or placeholders) that are unknown or have no value
   * @param problems       every problem as text, each naming its secret and line
   */
  public TemplateException(String templateName, List<String> unknownSecrets, List<String> problems) {
    super("template '" + templateName + "': " + String.join("; ", problems));
    this.templateName = templateName;
    this.unknownSecrets = List.copyOf(unknownSecrets);
    this.problems = List.copyOf(problems);
  }

  /** The template's name. */
  public String templateName() {
    return templateName;
  }

  /** Every secret name (or unmatched sops-nix placeholder) the template refers to that is unknown or has no value. */
  public List<String> unknownSecrets() {
    return unknownSecrets;
  }

  /** Every problem as a sentence without the template name. */
  public List<String> problems() {
    return problems;
  }
}
