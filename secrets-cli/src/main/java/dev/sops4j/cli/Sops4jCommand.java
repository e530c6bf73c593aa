package dev.sops4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code sops4j} command; its subcommands are added in {@link Main}. */
@Command(name = "sops4j", mixinStandardHelpOptions = true, versionProvider = Sops4jCommand.Version.class,
    description = "Encrypted secrets for the JVM: age files and keys.",
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage, 3 bad key, 4 no identity matched, 5 bad header,",
        "6 header MAC mismatch, 7 bad armor, 8 damaged payload.",
        "Set " + CliIo.DEBUG_ENV + "=1 or --debug for stack traces."})
final class Sops4jCommand {

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
  boolean debug;

  /** The version from the jar manifest (a development build has none). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Sops4jCommand.class.getPackage().getImplementationVersion();
      return new String[] {"sops4j " + (version == null ? "(development build)" : version)};
    }
  }
}
