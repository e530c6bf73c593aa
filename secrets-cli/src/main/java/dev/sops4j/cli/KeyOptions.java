package dev.sops4j.cli;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The key options every command that opens SOPS files shares: explicit key files first, then the
 * sources sops looks at (loaded by core's {@link KeyRingLoader}).
 */
final class KeyOptions {
  @Option(names = "--key-file", paramLabel = "FILE", description = "An age identity file to load first (repeatable).")
  List<Path> keyFiles = new ArrayList<>();

  @Option(names = "--ssh-key", paramLabel = "FILE", description = "An OpenSSH private key to load first (repeatable).")
  List<Path> sshKeys = new ArrayList<>();

  @Option(names = "--pgp-key-file", paramLabel = "FILE",
      description = "An OpenPGP secret key file (armored, binary or secring.gpg) to load first (repeatable).")
  List<Path> pgpKeyFiles = new ArrayList<>();

  @Option(names = "--gnupg-home", paramLabel = "DIR", description = "A GnuPG home to read PGP keys from first (repeatable).")
  List<Path> gnupgHomes = new ArrayList<>();

  /** The key ring: these options, then the environment and home directory of {@code io}. */
  KeyRing load(CliIo io) throws java.io.IOException {
    Path home = home(io);
    KeyRingLoader loader = KeyRingLoader.of(io.env(), home);
    keyFiles.forEach(loader::keyFile);
    sshKeys.forEach(loader::sshKeyPath);
    pgpKeyFiles.forEach(loader::pgpKeyFile);
    gnupgHomes.forEach(loader::gnupgHome);
    Passphrases passphrases = new Passphrases(io);
    return loader.passphrase(passphrases::typedOrNull).load();
  }

  /** The home directory sops would use: {@code HOME} (then {@code USERPROFILE}), else {@code user.home}. */
  static Path home(CliIo io) {
    for (String name : List.of("HOME", "USERPROFILE")) {
      String value = io.env().get(name);
      if (value != null && !value.isEmpty()) {
        return Path.of(value);
      }
    }
    return Path.of(System.getProperty("user.home"));
  }
}
