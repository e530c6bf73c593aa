package dev.sops4j.cli;

import picocli.CommandLine.Command;

/** {@code sops4j age}: the group of the age file commands ({@code encrypt}, {@code decrypt}). */
@Command(name = "age", mixinStandardHelpOptions = true,
    description = {"Encrypt and decrypt age files (age-encryption.org/v1).",
        "Also accepts age's style: 'age -e ...' and 'age -d ...' (the flag first)."})
final class AgeCommand {}
