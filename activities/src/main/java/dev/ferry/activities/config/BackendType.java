package dev.ferry.activities.config;

import java.util.Locale;

/** The kinds of storage a profile can describe. */
public enum BackendType {
  /** An S3-compatible object store (MinIO, AWS S3, ...). */
  S3,
  /** A directory tree on a filesystem the worker can reach. */
  FILE,
  /** Load testing: a read-only source of generated objects. */
  SYNTHETIC,
  /** Load testing: a sink that drops every object written to it. */
  DISCARD;

  /** The name used in {@code ferry.yaml}: {@code s3}, {@code file}, {@code synthetic}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config value; returns null when it names no type. */
  static BackendType fromId(String id) {
    for (BackendType type : values()) {
      if (type.id().equals(id)) {
        return type;
      }
    }
    return null;
  }
}
