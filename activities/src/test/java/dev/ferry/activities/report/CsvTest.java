package dev.ferry.activities.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void fieldsAreQuotedAsRfc4180Says() {
    assertEquals("", Csv.field(null));
    assertEquals("plain/key.txt", Csv.field("plain/key.txt"));
    assertEquals("\"a,b\"", Csv.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
    assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
    assertEquals("12", Csv.field(12L));
  }

  @Test
  void aFieldASpreadsheetWouldRunAsAFormulaIsText() {
    // Before: =cmd|calc!A1.csv went out as is, and a spreadsheet opening the report ran it.
    assertEquals("\"'=cmd|calc!A1.csv\"", Csv.field("=cmd|calc!A1.csv"));
    assertEquals("\"'+SUM(1,1).txt\"", Csv.field("+SUM(1,1).txt"));
    assertEquals("\"'-rf\"", Csv.field("-rf"));
    assertEquals("\"'@x\"", Csv.field("@x"));
    assertEquals("\"'\tx\"", Csv.field("\tx"));
    assertEquals("a=b", Csv.field("a=b"));
  }
}
