/** Bit counting on tree sizes and indexes, which stay below 2^53 (safe integers): no 32-bit operators. */

/** Number of bits needed for n (bits.Len64): 0 for 0, 1 for 1, 3 for 4..7. */
export function bitLength(n: number): number {
  let length = 0;
  while (n > 0) {
    n = Math.floor(n / 2);
    length++;
  }
  return length;
}

/** Number of one bits of n. */
export function onesCount(n: number): number {
  let count = 0;
  while (n > 0) {
    count += n % 2;
    n = Math.floor(n / 2);
  }
  return count;
}

/** Number of trailing one bits of n (3 for 0b0111). */
export function trailingOnes(n: number): number {
  let count = 0;
  while (n % 2 === 1) {
    count++;
    n = (n - 1) / 2;
  }
  return count;
}

/** n >> shift for safe integers. */
export const shiftRight = (n: number, shift: number): number => Math.floor(n / 2 ** shift);

/** Bit `bit` of n. */
export const bitOf = (n: number, bit: number): number => shiftRight(n, bit) % 2;

/** The largest power of two below n (n >= 2): RFC 6962's k. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** a XOR b for safe integers. */
export function xor(a: number, b: number): number {
  let result = 0;
  let place = 1;
  while (a > 0 || b > 0) {
    if (a % 2 !== b % 2) result += place;
    a = Math.floor(a / 2);
    b = Math.floor(b / 2);
    place *= 2;
  }
  return result;
}
