/**
 * Key discovery: the one place that reads the environment and the home directory for age and SSH
 * identities, in the order sops uses ({@link dev.sops4j.keys.KeyRingLoader}), giving an immutable
 * {@link dev.sops4j.keys.KeyRing} that says which sources were looked at.
 */
package dev.sops4j.keys;
