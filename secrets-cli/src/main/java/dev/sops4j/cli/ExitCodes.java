package dev.sops4j.cli;

import dev.sops4j.age.AgeArmorException;
import dev.sops4j.age.AgeHeaderException;
import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgePayloadException;
import dev.sops4j.age.HeaderMacException;
import dev.sops4j.age.NoIdentityMatchException;
import dev.sops4j.sops.SopsDataKeyException;
import dev.sops4j.sops.SopsMacException;
import dev.sops4j.sops.SopsValueException;

/**
 * The process exit codes, one per failure class (documented in docs/age.md and docs/sops.md); the SOPS
 * commands use sops' own codes where sops has one.
 */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  /** Any other failure: I/O, missing file, missing passphrase. */
  static final int FAILURE = 1;
  /** Bad command line (picocli's usage code). */
  static final int USAGE = 2;
  /** A key, recipient or identity string or file is unusable. */
  static final int KEY = 3;
  /** The file is well formed but no identity given opens it. */
  static final int NO_IDENTITY = 4;
  /** The age header is malformed. */
  static final int HEADER = 5;
  /** The header MAC does not verify (header tampered with, or a wrong file key). */
  static final int HEADER_MAC = 6;
  /** The ASCII armor is malformed. */
  static final int ARMOR = 7;
  /** The payload is damaged or truncated; output stops at the last authenticated chunk. */
  static final int PAYLOAD = 8;
  /** sops' code: the {@code set} path or JSON value is malformed. */
  static final int SOPS_INVALID_SET_FORMAT = 7;
  /** sops' code: options that exclude each other were given together. */
  static final int SOPS_CONFLICTING_PARAMETERS = 8;
  /** sops' code: rotate was asked to add or remove keys of a file that does not exist. */
  static final int SOPS_CANNOT_CHANGE_KEYS_OF_MISSING_FILE = 49;
  /** sops' code: the arguments name no file (or miss the path or value). */
  static final int SOPS_NO_FILE_SPECIFIED = 100;
  /** sops' code: the input file cannot be read or parsed (encrypt). */
  static final int SOPS_COULD_NOT_READ_INPUT = 2;
  /** sops' code: the {@code .sops.yaml} is invalid or has no rule for the file (encrypt). */
  static final int SOPS_ERROR_READING_CONFIG = 5;
  /** sops' code: no config file found and no key given (encrypt). */
  static final int SOPS_CONFIG_FILE_NOT_FOUND = 61;
  /** sops' code: the plaintext file has no document (encrypt). */
  static final int SOPS_NEED_AT_LEAST_ONE_DOCUMENT = 92;
  /** sops' code: the matching creation rule names no master key (encrypt). */
  static final int SOPS_NO_ENCRYPTION_KEY_FOUND = 111;
  /** sops' code: the file to encrypt already has sops metadata, or set names the {@code sops} key. */
  static final int SOPS_FILE_ALREADY_ENCRYPTED = 203;
  /** sops' code: a value of the SOPS file does not decrypt. */
  static final int SOPS_DECRYPTING_TREE = 25;
  /** sops' code: the SOPS file's MAC does not match its values. */
  static final int SOPS_MAC_MISMATCH = 51;
  /** sops' code: the SOPS file has no MAC. */
  static final int SOPS_MAC_MISSING = 52;
  /** sops' code: the {@code --extract} path is malformed. */
  static final int SOPS_INVALID_PATH = 91;
  /** sops' code: no master key opened the data key. */
  static final int SOPS_NO_DATA_KEY = 128;

  /** The exit code for a failure thrown by a command. */
  static int of(Throwable failure) {
    if (failure instanceof CliException cli) {
      return cli.exitCode();
    }
    if (failure instanceof SopsMacException mac) {
      return mac.missing() ? SOPS_MAC_MISSING : SOPS_MAC_MISMATCH;
    }
    if (failure instanceof SopsDataKeyException) {
      return SOPS_NO_DATA_KEY;
    }
    if (failure instanceof SopsValueException) {
      return SOPS_DECRYPTING_TREE;
    }
    if (failure instanceof AgeKeyException) {
      return KEY;
    }
    if (failure instanceof NoIdentityMatchException) {
      return NO_IDENTITY;
    }
    if (failure instanceof AgeHeaderException) {
      return HEADER;
    }
    if (failure instanceof HeaderMacException) {
      return HEADER_MAC;
    }
    if (failure instanceof AgeArmorException) {
      return ARMOR;
    }
    if (failure instanceof AgePayloadException) {
      return PAYLOAD;
    }
    return FAILURE;
  }
}
