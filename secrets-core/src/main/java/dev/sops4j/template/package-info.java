/**
 * Placeholders and template rendering, on the JDK alone. Two placeholder forms stand for a secret in a
 * template: sops-nix's {@code <SOPS:sha256-of-name:PLACEHOLDER>} ({@link dev.sops4j.template.Placeholders#sopsNix})
 * and the readable {@code {{ sops:name }}} ({@link dev.sops4j.template.Placeholders#readable}).
 * {@link dev.sops4j.template.Template} finds both in a template's bytes, reports every unknown or
 * malformed reference at once ({@link dev.sops4j.template.TemplateException}, names only) and renders
 * byte-exact: each secret value is inserted verbatim, nothing added or trimmed.
 */
package dev.sops4j.template;
