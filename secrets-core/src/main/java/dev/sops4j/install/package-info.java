/**
 * The install manifest: which secrets to decrypt to which files and which templates to render, as
 * sops-nix's {@code sops-install-secrets} takes it. {@link dev.sops4j.install.Manifest} (with
 * {@link dev.sops4j.install.SecretSpec}, {@link dev.sops4j.install.TemplateSpec} and
 * {@link dev.sops4j.install.Logging}) is built from Java ({@link dev.sops4j.install.Manifest#builder()}),
 * read from sops-nix's manifest JSON or sops4j's YAML/JSON manifest
 * ({@link dev.sops4j.install.ManifestReader}), and checked without decryption or system lookups by
 * {@link dev.sops4j.install.ManifestValidator}, which reports every problem at once in a
 * {@link dev.sops4j.install.ManifestException}. See docs/install.md.
 */
package dev.sops4j.install;
