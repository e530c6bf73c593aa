package dev.sops4j.sops;

import java.util.List;

/**
 * What {@code updatekeys} changes in a file's key groups, compared as sops compares them (by the
 * master key's text: age recipient, PGP fingerprint, KMS ARN …, group by group in order), and the
 * Shamir threshold before and after.
 *
 * @param groups       one entry per group index of the old or the new key groups
 * @param oldThreshold the file's {@code shamir_threshold} (0 when unset)
 * @param newThreshold the threshold after the update, before sops' "0 means all groups" default
 */
public record UpdateKeysChanges(List<GroupChanges> groups, int oldThreshold, int newThreshold) {

  /**
   * The master keys of one group.
   *
   * @param kept    in the file and in the new group (re-wrapped, still able to open the file)
   * @param added   only in the new group
   * @param removed only in the file: they can no longer open it after the update
   */
  public record GroupChanges(List<String> kept, List<String> added, List<String> removed) {
    public GroupChanges {
      kept = List.copyOf(kept);
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }
  }

  public UpdateKeysChanges {
    groups = List.copyOf(groups);
  }

  /** True when a master key is added or removed, or the threshold changes. */
  public boolean changed() {
    return oldThreshold != newThreshold
        || groups.stream().anyMatch(g -> !g.added().isEmpty() || !g.removed().isEmpty());
  }

  /**
   * The summary sops prints before asking for confirmation: the threshold change, then per group
   * {@code Group N}, kept keys indented, added ones after {@code +++}, removed ones after {@code ---}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder("The following changes will be made to the file's groups:\n");
    if (oldThreshold > 0 && oldThreshold == newThreshold) {
      sb.append("shamir_threshold: ").append(newThreshold).append('\n');
    } else {
      if (newThreshold > 0) {
        sb.append("+++ shamir_threshold: ").append(newThreshold).append('\n');
      }
      if (oldThreshold > 0) {
        sb.append("--- shamir_threshold: ").append(oldThreshold).append('\n');
      }
    }
    for (int i = 0; i < groups.size(); i++) {
      GroupChanges g = groups.get(i);
      sb.append("Group ").append(i + 1).append('\n');
      g.kept().forEach(k -> sb.append("    ").append(k).append('\n'));
      g.added().forEach(k -> sb.append("+++ ").append(k).append('\n'));
      g.removed().forEach(k -> sb.append("--- ").append(k).append('\n'));
    }
    return sb.toString();
  }
}
