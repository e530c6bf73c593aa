package dev.sops4j.sops.crypto;

import dev.sops4j.sops.SopsDataKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What each key group's master keys encrypt, as sops does it: with one group the data key itself,
 * with several a Shamir share per group ({@code shamir_threshold} of them needed; 0 means all).
 */
public final class KeyGroupParts {
  private KeyGroupParts() {}

  /**
   * The threshold sops writes: with several groups an unset (0) threshold becomes the number of groups;
   * with one group it stays as given.
   */
  public static int effectiveThreshold(int groups, int threshold) {
    return groups > 1 && threshold == 0 ? groups : threshold;
  }

  /**
   * The secret each group encrypts, in group order.
   *
   * @param random the source of the Shamir coefficients (a {@link java.security.SecureRandom})
   * @throws IllegalArgumentException for no groups, or a threshold the Shamir split refuses
   *     (above the number of groups, below 2, more than 255 groups)
   */
  public static List<byte[]> split(byte[] dataKey, int groups, int threshold, Random random) {
    if (groups < 1) {
      throw new IllegalArgumentException("no key groups");
    }
    if (groups == 1) {
      return List.of(dataKey.clone());
    }
    try {
      return List.of(Shamir.split(dataKey, groups, effectiveThreshold(groups, threshold), random));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot split the data key between " + groups
          + " key groups with shamir_threshold " + threshold + ": " + e.getMessage(), e);
    }
  }

  /** How many groups must open: 1 with one group, else the threshold. */
  public static int required(int groups, int threshold) {
    return groups > 1 ? threshold : 1;
  }

  /**
   * The data key from the parts the groups that opened gave, or empty when too few opened (the caller
   * reports which master keys failed and why).
   *
   * @param groups    the number of key groups in the file
   * @param threshold the file's {@code shamir_threshold}
   * @param recovered the parts of the groups that opened, in group order
   * @throws SopsDataKeyException when the Shamir shares cannot be combined (unequal or duplicate
   *     shares)
   */
  public static Optional<byte[]> combine(int groups, int threshold, List<byte[]> recovered)
      throws SopsDataKeyException {
    if (groups <= 1) {
      return recovered.size() == 1 ? Optional.of(recovered.get(0).clone()) : Optional.empty();
    }
    if (recovered.size() < threshold) {
      return Optional.empty();
    }
    try {
      return Optional.of(Shamir.combine(new ArrayList<>(recovered)));
    } catch (IllegalArgumentException e) {
      throw new SopsDataKeyException("could not get the data key from the Shamir shares of "
          + recovered.size() + " key groups: " + e.getMessage());
    }
  }
}
