package dev.ferry.worker.cli;

import java.util.Collection;
import java.util.List;

/**
 * The "did you mean" of a usage error: the known names nearest to a mistyped one, by edit distance
 * with adjacent swaps counted as one edit ({@code strat} is one from {@code start}, {@code --form}
 * one from {@code --from}). Picocli's own suggestions match on the first two letters or on shared
 * letter pairs, and offered {@code status or list or retry} for {@code strat}.
 */
final class NearestNames {
  /** Further than this is another word, not a typo. */
  private static final int MAX_EDITS = 2;

  private NearestNames() {}

  /** {@code "; did you mean X?"} (or {@code X or Y}), or an empty string when none is near. */
  static String suggestion(String typed, Collection<String> known) {
    List<String> nearest = nearest(typed, known);
    return nearest.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearest) + "?";
  }

  /**
   * The known names at the smallest distance from {@code typed}, if that is a typo's distance: two
   * edits, one in a word of up to three letters, and fewer than the word has ({@code -x} is no typo
   * of {@code -h}).
   */
  static List<String> nearest(String typed, Collection<String> known) {
    int letters = typed.replaceFirst("^-+", "").length();
    int allowed = Math.min(letters <= 3 ? 1 : MAX_EDITS, letters - 1);
    int best = known.stream().mapToInt(name -> distance(typed, name)).min().orElse(allowed + 1);
    if (best > allowed) {
      return List.of();
    }
    return known.stream().filter(name -> distance(typed, name) == best).sorted().toList();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
