package dev.ferry.worker;

/** What a worker process hosts ({@code ferry worker --role}). */
enum Role {
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
