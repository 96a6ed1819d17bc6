package dev.ferry.workflows;

/**
 * The {@code --max-delete} guard of a sync pass: a number of objects ({@code 100}) or a share of
 * the destination objects the pass listed ({@code 10%}).
 *
 * @param amount the number, or the percentage when {@code percent}
 * @param percent whether {@code amount} is a percentage
 */
public record MaxDelete(long amount, boolean percent) {

  /**
   * Parses {@code N} or {@code N%}; throws {@link IllegalArgumentException} with a message naming
   * the forms accepted.
   */
  public static MaxDelete parse(String text) {
    String t = text == null ? "" : text.strip();
    boolean percent = t.endsWith("%");
    String digits = percent ? t.substring(0, t.length() - 1).strip() : t;
    long amount;
    try {
      amount = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      amount = -1;
    }
    if (amount < 0 || (percent && amount > 100)) {
      throw new IllegalArgumentException(
          "max-delete must be a number of objects (e.g. 100) or a percentage of 0..100 (e.g. 10%): '"
              + text
              + "'");
    }
    return new MaxDelete(amount, percent);
  }

  /** Parses a limit for a migration in {@code mode}: only a sync has one. */
  public static MaxDelete parseFor(Mode mode, String text) {
    if (mode != Mode.SYNC) {
      throw new IllegalArgumentException("max-delete applies to --mode sync only");
    }
    return parse(text);
  }

  /** Most objects a pass that listed {@code destinationObjects} at the destination may delete. */
  public long limit(long destinationObjects) {
    return percent ? destinationObjects * amount / 100 : amount;
  }

  /** Whether a pass that found {@code destinationObjects} may delete {@code deletes} of them. */
  public boolean allows(long deletes, long destinationObjects) {
    return deletes <= limit(destinationObjects);
  }

  /** The limit as a person reads it: {@code 100} or {@code 10% of 1,234 = 123}. */
  public String describe(long destinationObjects) {
    return percent
        ? String.format(
            "%d%% of %,d destination objects = %,d",
            amount, destinationObjects, limit(destinationObjects))
        : String.format("%,d", amount);
  }

  @Override
  public String toString() {
    return percent ? amount + "%" : Long.toString(amount);
  }
}
