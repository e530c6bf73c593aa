/**
 * Key discovery: the one place that reads the environment and the home directory for age and SSH
 * identities, in the order sops uses ({@link dev.sops4j.keys.KeyRingLoader}), giving an immutable
 * {@link dev.sops4j.keys.KeyRing} that says which sources were looked at and what each gave
 * ({@link dev.sops4j.keys.KeySource}, {@link dev.sops4j.keys.FoundIdentity}; as text:
 * {@link dev.sops4j.keys.KeyRingReport}). Passphrase-protected SSH keys and age identity files ask a
 * {@link dev.sops4j.keys.PassphrasePrompt}.
 */
package dev.sops4j.keys;
