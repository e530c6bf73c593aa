package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shamir over GF(2^8): hand-computed shares, round trips for every subset, the checks. */
class ShamirTest {

  /** A Random that hands out the given coefficients in order. */
  private static Random fixed(int... values) {
    Deque<Integer> queue = new ArrayDeque<>();
    for (int v : values) {
      queue.add(v);
    }
    return new Random() {
      @Override
      public int nextInt(int bound) {
        return queue.remove();
      }
    };
  }

  /** Schoolbook carry-less multiplication reduced by x^8+x^4+x^3+x+1. */
  private static int referenceMultiply(int a, int b) {
    int product = 0;
    for (int i = 0; i < 8; i++) {
      if ((b & (1 << i)) != 0) {
        product ^= a << i;
      }
    }
    for (int bit = 14; bit >= 8; bit--) {
      if ((product & (1 << bit)) != 0) {
        product ^= 0x11B << (bit - 8);
      }
    }
    return product;
  }

  @Test
  void fieldMultiplicationMatchesFips197() {
    assertThat(Shamir.multiply(0x57, 0x83)).isEqualTo(0xc1);
    assertThat(Shamir.multiply(0x57, 0x13)).isEqualTo(0xfe);
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        assertThat(Shamir.multiply(a, b)).isEqualTo(referenceMultiply(a, b));
      }
      if (a != 0) {
        assertThat(Shamir.multiply(Shamir.divide(1, a), a)).isEqualTo(1);
      }
    }
  }

  @Test
  void knownAnswerComputedByHand() {
    // threshold 2, secret 0x42, a1 = 3: y(x) = 0x42 + 3x; 3*2 = 6, 3*3 = (x+1)^2 = x^2+1 = 5.
    byte[][] shares = Shamir.split(new byte[] {0x42}, 3, 2, fixed(3));
    assertThat(shares[0]).containsExactly(0x41, 1);
    assertThat(shares[1]).containsExactly(0x44, 2);
    assertThat(shares[2]).containsExactly(0x47, 3);
    // threshold 3, secret 0x01, a1 = 2, a2 = 4: y(2) = 1 + 4 + 16, y(3) = 1 + 6 + 4*5.
    byte[][] three = Shamir.split(new byte[] {0x01}, 3, 3, fixed(2, 4));
    assertThat(three[0]).containsExactly(0x07, 1);
    assertThat(three[1]).containsExactly(0x15, 2);
    assertThat(three[2]).containsExactly(0x13, 3);
    assertThat(Shamir.combine(List.of(new byte[] {0x44, 2}, new byte[] {0x47, 3}))).containsExactly(0x42);
    assertThat(Shamir.combine(List.of(three[2], three[0], three[1]))).containsExactly(0x01);
  }

  @Test
  void everySubsetOfAtLeastThresholdSharesGivesTheSecret() {
    SecureRandom random = new SecureRandom();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    for (int parts = 2; parts <= 5; parts++) {
      for (int threshold = 2; threshold <= parts; threshold++) {
        byte[][] shares = Shamir.split(secret, parts, threshold, random);
        for (byte[] share : shares) {
          assertThat(share).hasSize(33);
        }
        for (int mask = 1; mask < (1 << parts); mask++) {
          List<byte[]> subset = new ArrayList<>();
          for (int i = 0; i < parts; i++) {
            if ((mask & (1 << i)) != 0) {
              subset.add(shares[i]);
            }
          }
          if (subset.size() >= threshold) {
            assertThat(Shamir.combine(subset)).as("%d of %d, threshold %d", subset.size(), parts, threshold)
                .isEqualTo(secret);
          } else if (subset.size() >= 2) {
            assertThat(Arrays.equals(Shamir.combine(subset), secret)).isFalse();
          }
        }
      }
    }
  }

  @Test
  void checks() {
    byte[] secret = new byte[32];
    Random r = new SecureRandom();
    assertThatThrownBy(() -> Shamir.split(secret, 2, 3, r)).hasMessageContaining("less than threshold");
    assertThatThrownBy(() -> Shamir.split(secret, 256, 2, r)).hasMessageContaining("cannot exceed 255");
    assertThatThrownBy(() -> Shamir.split(secret, 3, 1, r)).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Shamir.split(new byte[0], 3, 2, r)).hasMessageContaining("empty");
    assertThat(Shamir.split(secret, 255, 255, r)).hasNumberOfRows(255);
    byte[][] shares = Shamir.split(secret, 3, 2, r);
    assertThatThrownBy(() -> Shamir.combine(List.of(shares[0]))).hasMessageContaining("less than two");
    assertThatThrownBy(() -> Shamir.combine(List.of(shares[0], shares[0]))).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Shamir.combine(List.of(shares[0], Arrays.copyOf(shares[1], 32))))
        .hasMessageContaining("same length");
    assertThatThrownBy(() -> Shamir.combine(List.of(new byte[] {1}, new byte[] {2})))
        .hasMessageContaining("at least two bytes");
  }
}
