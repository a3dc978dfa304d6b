package org.vigil.core;

/**
 * Glob matching for silences and endpoint filters: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself. Linear in the lengths of glob and value (the classic two-pointer match that backtracks only
 * to the last star), so a glob such as {@code *a*a*a*a*a*a*b} from the network cannot stall an operator as a
 * backtracking regular expression would.
 */
public final class Globs {

  private Globs() {}

  /** Whether {@code value} matches {@code glob} as a whole. */
  public static boolean matches(String glob, String value) {
    int g = 0;
    int v = 0;
    int star = -1; // position in the glob after the last star seen
    int resume = 0; // position in the value where that star's match ends for now
    while (v < value.length()) {
      if (g < glob.length() && (glob.charAt(g) == '?' || (glob.charAt(g) != '*' && glob.charAt(g) == value.charAt(v)))) {
        g++;
        v++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = ++g;
        resume = v;
      } else if (star >= 0) {
        g = star;
        v = ++resume;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }
}
