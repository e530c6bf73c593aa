package dev.sops4j.sops.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Shamir secret sharing over GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1, as sops splits the data
 * key between key groups: one random polynomial of degree {@code threshold-1} per secret byte with
 * that byte as intercept; share {@code i} (0-based) is the polynomials evaluated at x = i+1, laid out
 * {@code y_1 … y_n ‖ x} (the x coordinate is the last byte).
 */
public final class Shamir {
  private Shamir() {}

  /**
   * Splits a secret into {@code parts} shares, any {@code threshold} of which give it back.
   *
   * @param random the source of the polynomial coefficients (a {@link java.security.SecureRandom}
   *     outside tests)
   * @throws IllegalArgumentException unless 2 ≤ threshold ≤ parts ≤ 255 and the secret is not empty
   */
  public static byte[][] split(byte[] secret, int parts, int threshold, Random random) {
    if (parts < threshold) {
      throw new IllegalArgumentException("parts cannot be less than threshold");
    }
    if (parts > 255) {
      throw new IllegalArgumentException("parts cannot exceed 255");
    }
    if (threshold < 2) {
      throw new IllegalArgumentException("threshold must be at least 2");
    }
    if (secret.length == 0) {
      throw new IllegalArgumentException("cannot split an empty secret");
    }
    byte[][] shares = new byte[parts][secret.length + 1];
    for (int i = 0; i < parts; i++) {
      shares[i][secret.length] = (byte) (i + 1);
    }
    int[] coefficients = new int[threshold];
    for (int b = 0; b < secret.length; b++) {
      coefficients[0] = secret[b] & 0xff;
      for (int k = 1; k < threshold; k++) {
        coefficients[k] = random.nextInt(256);
      }
      for (int i = 0; i < parts; i++) {
        shares[i][b] = (byte) evaluate(coefficients, i + 1);
      }
    }
    Arrays.fill(coefficients, 0);
    return shares;
  }

  /**
   * Recombines shares by Lagrange interpolation at x = 0. With fewer than threshold shares the result
   * is a wrong secret, not an error (as in sops: the data key then fails to decrypt the values).
   *
   * @throws IllegalArgumentException for fewer than two shares, shares shorter than two bytes or of
   *     unequal length, or two shares with the same x coordinate
   */
  public static byte[] combine(List<byte[]> shares) {
    if (shares.size() < 2) {
      throw new IllegalArgumentException("less than two parts cannot be used to reconstruct the secret");
    }
    int length = shares.get(0).length;
    if (length < 2) {
      throw new IllegalArgumentException("parts must be at least two bytes");
    }
    int[] xs = new int[shares.size()];
    boolean[] seen = new boolean[256];
    for (int i = 0; i < shares.size(); i++) {
      byte[] share = shares.get(i);
      if (share.length != length) {
        throw new IllegalArgumentException("all parts must be the same length");
      }
      xs[i] = share[length - 1] & 0xff;
      if (seen[xs[i]]) {
        throw new IllegalArgumentException("duplicate part detected");
      }
      seen[xs[i]] = true;
    }
    byte[] secret = new byte[length - 1];
    for (int b = 0; b < secret.length; b++) {
      int sum = 0;
      for (int i = 0; i < xs.length; i++) {
        // basis_i(0) = prod_{j != i} x_j / (x_j - x_i); subtraction is XOR in GF(2^8).
        int basis = 1;
        for (int j = 0; j < xs.length; j++) {
          if (i != j) {
            basis = multiply(basis, divide(xs[j], xs[i] ^ xs[j]));
          }
        }
        sum ^= multiply(shares.get(i)[b] & 0xff, basis);
      }
      secret[b] = (byte) sum;
    }
    return secret;
  }

  /** Horner's rule: c0 + c1·x + … in GF(2^8). */
  private static int evaluate(int[] coefficients, int x) {
    int result = 0;
    for (int k = coefficients.length - 1; k >= 0; k--) {
      result = multiply(result, x) ^ coefficients[k];
    }
    return result;
  }

  /** Multiplication in GF(2^8) without secret-dependent branches or table lookups. */
  static int multiply(int a, int b) {
    int product = 0;
    for (int bit = 0; bit < 8; bit++) {
      product ^= a & -((b >> bit) & 1);
      int carry = -((a >> 7) & 1);
      a = ((a << 1) ^ (0x1B & carry)) & 0xff;
    }
    return product;
  }

  /** a / b = a · b^254 (b^255 = 1 for b ≠ 0). */
  static int divide(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero in GF(2^8)");
    }
    int inverse = 1;
    int power = b;
    for (int e = 254; e != 0; e >>= 1) {
      if ((e & 1) != 0) {
        inverse = multiply(inverse, power);
      }
      power = multiply(power, power);
    }
    return multiply(a, inverse);
  }
}
