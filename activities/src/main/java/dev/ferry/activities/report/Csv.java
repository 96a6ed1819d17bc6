package dev.ferry.activities.report;

/** RFC 4180 quoting of one CSV field, safe to open in a spreadsheet. */
final class Csv {
  /** What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection). */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private Csv() {}

  /**
   * {@code value} as a field: empty for null, quoted when it holds a comma, quote or line break. A
   * value that a spreadsheet would run as a formula (a key {@code =cmd|calc!A1.csv}) gets a leading
   * {@code '}, which shows it as text; the JSON lines report keeps every key exact.
   */
  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    boolean formula = !s.isEmpty() && FORMULA_STARTS.indexOf(s.charAt(0)) >= 0;
    if (formula) {
      s = "'" + s;
    }
    if (!formula
        && s.indexOf(',') < 0
        && s.indexOf('"') < 0
        && s.indexOf('\n') < 0
        && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
