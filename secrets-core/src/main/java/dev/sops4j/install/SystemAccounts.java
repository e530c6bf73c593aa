package dev.sops4j.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * User and group names resolved to numeric ids from {@code /etc/passwd} and {@code /etc/group} (the files
 * sops-nix's lookups read on NixOS; accounts only known to other NSS sources need {@code uid}/{@code gid}).
 */
public final class SystemAccounts {
  /** A user's id and primary group. */
  public record User(int uid, int gid) {
  }

  private final Map<String, User> users;
  private final Map<String, Integer> groups;

  private SystemAccounts(Map<String, User> users, Map<String, Integer> groups) {
    this.users = Map.copyOf(users);
    this.groups = Map.copyOf(groups);
  }

  /** The accounts of this machine. */
  public static SystemAccounts fromSystem() throws IOException {
    return read(Path.of("/etc/passwd"), Path.of("/etc/group"));
  }

  /** Accounts from files in passwd and group format (tests pass their own). */
  public static SystemAccounts read(Path passwd, Path group) throws IOException {
    Map<String, User> users = new HashMap<>();
    for (String line : lines(passwd)) {
      String[] f = line.split(":", -1);
      if (f.length >= 4 && !users.containsKey(f[0])) {
        Optional<Integer> uid = number(f[2]);
        Optional<Integer> gid = number(f[3]);
        if (uid.isPresent() && gid.isPresent()) {
          users.put(f[0], new User(uid.get(), gid.get()));
        }
      }
    }
    Map<String, Integer> groups = new HashMap<>();
    for (String line : lines(group)) {
      String[] f = line.split(":", -1);
      if (f.length >= 3) {
        number(f[2]).ifPresent(gid -> groups.putIfAbsent(f[0], gid));
      }
    }
    return new SystemAccounts(users, groups);
  }

  private static java.util.List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return java.util.List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  private static Optional<Integer> number(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  public Optional<Integer> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public String toString() {
    return "SystemAccounts[" + users.size() + " users, " + groups.size() + " groups]";
  }
}
