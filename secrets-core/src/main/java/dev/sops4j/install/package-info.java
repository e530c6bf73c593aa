/**
 * The install manifest: which secrets to decrypt to which files and which templates to render, as
 * sops-nix's {@code sops-install-secrets} takes it. {@link dev.sops4j.install.Manifest} (with
 * {@link dev.sops4j.install.SecretSpec}, {@link dev.sops4j.install.TemplateSpec} and
 * {@link dev.sops4j.install.Logging}) is built from Java ({@link dev.sops4j.install.Manifest#builder()}),
 * read from sops-nix's manifest JSON or sops4j's YAML/JSON manifest
 * ({@link dev.sops4j.install.ManifestReader}), and checked without decryption or system lookups by
 * {@link dev.sops4j.install.ManifestValidator}, which reports every problem at once in a
 * {@link dev.sops4j.install.ManifestException}. {@link dev.sops4j.install.Installer} is the engine:
 * it checks everything first, decrypts each SOPS file once, renders the templates, writes a new
 * generation and switches to it atomically ({@link dev.sops4j.install.GenerationWriter}), and returns an
 * {@link dev.sops4j.install.InstallResult} with the change report and the units to restart or reload.
 * See docs/install.md.
 */
package dev.sops4j.install;
