package dev.ferry.activities.report;

/** RFC 4180 quoting of one CSV field. */
final class Csv {
  private Csv() {}

  /**
   * {@code value} as a field: empty for null, quoted when it holds a comma, quote or line break.
   */
  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
