package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsDataKeyException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data key parts per key group: whole key for one group, Shamir shares with a threshold otherwise. */
class KeyGroupPartsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static byte[] dataKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  @Test
  void oneGroupEncryptsTheDataKeyItself() throws Exception {
    byte[] key = dataKey();
    List<byte[]> parts = KeyGroupParts.split(key, 1, 0, RANDOM);
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0)).isEqualTo(key);
    assertThat(KeyGroupParts.required(1, 0)).isEqualTo(1);
    assertThat(KeyGroupParts.combine(1, 0, parts)).get().isEqualTo(key);
    assertThat(KeyGroupParts.combine(1, 0, List.of())).isEmpty();
  }

  @Test
  void severalGroupsShareWithTheThreshold() throws Exception {
    byte[] key = dataKey();
    List<byte[]> parts = KeyGroupParts.split(key, 3, 2, RANDOM);
    assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p).hasSize(33));
    assertThat(KeyGroupParts.combine(3, 2, List.of(parts.get(0), parts.get(2)))).get().isEqualTo(key);
    assertThat(KeyGroupParts.combine(3, 2, List.of(parts.get(1)))).isEmpty();
    assertThat(KeyGroupParts.required(3, 2)).isEqualTo(2);
  }

  @Test
  void unsetThresholdMeansAllGroups() throws Exception {
    assertThat(KeyGroupParts.effectiveThreshold(3, 0)).isEqualTo(3);
    assertThat(KeyGroupParts.effectiveThreshold(1, 0)).isZero();
    byte[] key = dataKey();
    List<byte[]> parts = KeyGroupParts.split(key, 3, 0, RANDOM);
    assertThat(KeyGroupParts.combine(3, 3, parts)).get().isEqualTo(key);
    assertThat(KeyGroupParts.combine(3, 3, parts.subList(0, 2))).isEmpty();
  }

  @Test
  void badInputs() {
    assertThatThrownBy(() -> KeyGroupParts.split(dataKey(), 2, 3, RANDOM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shamir_threshold 3");
    assertThatThrownBy(() -> KeyGroupParts.split(dataKey(), 0, 0, RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    List<byte[]> parts = KeyGroupParts.split(dataKey(), 2, 2, RANDOM);
    assertThatThrownBy(() -> KeyGroupParts.combine(2, 2, List.of(parts.get(0), parts.get(0))))
        .isInstanceOf(SopsDataKeyException.class).hasMessageContaining("duplicate");
  }
}
