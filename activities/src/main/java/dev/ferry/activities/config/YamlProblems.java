package dev.ferry.activities.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error said as the problem at its place ("found character '\t' that cannot start any
 * token" at line 2, column 1), not as the parser's context ("while scanning for the next token") at
 * the place the context began, which is what the wrapping exception reports.
 */
final class YamlProblems {
  private static final int MAX_PROBLEM = 100;

  private YamlProblems() {}

  static String describe(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblem() != null) {
        Mark mark = marked.getProblemMark();
        String problem = marked.getProblem();
        String where = mark == null ? "" : at(mark.getLine() + 1, mark.getColumn() + 1);
        return problem.contains("(TAB)")
            ? "invalid YAML" + where + ": a tab, which YAML does not allow here; indent with spaces"
            : "invalid YAML" + where + ": " + shorten(problem) + "; fix the syntax";
      }
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Duplicate field ")) {
      // Jackson's words for a key given twice in one mapping.
      JsonLocation at = e.getLocation();
      return message.replace("Duplicate field ", "key ")
          + " is given twice"
          + (at == null ? "" : " (again at line " + at.getLineNr() + ")")
          + "; keep one";
    }
    return "invalid YAML"
        + location(e)
        + ": "
        + shorten(message.lines().findFirst().orElse(""))
        + "; fix the syntax";
  }

  private static String location(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null ? "" : at(at.getLineNr(), at.getColumnNr());
  }

  private static String at(int line, int column) {
    return " at line " + line + ", column " + column;
  }

  private static String shorten(String text) {
    return text.length() > MAX_PROBLEM ? text.substring(0, MAX_PROBLEM) + "..." : text;
  }
}
