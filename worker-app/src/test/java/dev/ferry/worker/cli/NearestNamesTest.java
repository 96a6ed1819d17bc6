package dev.ferry.worker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNamesTest {
  private static final List<String> VERBS = List.of("start", "status", "list", "retry", "run");
  private static final List<String> OPTIONS =
      List.of("--from", "--to", "--config", "--concurrency", "--json", "-h", "-V");

  @Test
  void countsASwapOfNeighboursAsOneEdit() {
    assertEquals(1, NearestNames.distance("strat", "start"));
    assertEquals(1, NearestNames.distance("--form", "--from"));
    assertEquals(1, NearestNames.distance("--concurency", "--concurrency"));
    assertEquals(2, NearestNames.distance("stat", "status"));
    assertEquals(0, NearestNames.distance("run", "run"));
    assertEquals(3, NearestNames.distance("", "run"));
  }

  @Test
  void suggestsTheNearestNamesOfATypo() {
    assertEquals(List.of("start"), NearestNames.nearest("strat", VERBS));
    assertEquals(List.of("--from"), NearestNames.nearest("--form", OPTIONS));
    assertEquals(List.of("--json"), NearestNames.nearest("--jsn", OPTIONS));
    assertEquals(List.of("list"), NearestNames.nearest("lst", VERBS));
    assertEquals("; did you mean start?", NearestNames.suggestion("strat", VERBS));
  }

  @Test
  void suggestsNothingForAnotherWordOrALetter() {
    assertEquals(List.of(), NearestNames.nearest("frobnicate", VERBS));
    assertEquals(List.of(), NearestNames.nearest("-x", OPTIONS));
    assertEquals(List.of(), NearestNames.nearest("ls", VERBS));
    assertEquals(List.of(), NearestNames.nearest("--bogus", OPTIONS));
    assertEquals("", NearestNames.suggestion("--bogus", OPTIONS));
  }
}
