package dev.ferry.worker.host;

/** What a worker process hosts ({@code ferry worker --role}). */
public enum Role {
  ALL,
  WORKFLOWS,
  ACTIVITIES;

  boolean workflows() {
    return this != ACTIVITIES;
  }

  boolean activities() {
    return this != WORKFLOWS;
  }
}
