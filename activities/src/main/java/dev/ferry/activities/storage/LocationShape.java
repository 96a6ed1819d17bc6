package dev.ferry.activities.storage;

/** How a backend type's locations are written after {@code NAME:}. */
public enum LocationShape {
  /** {@code NAME:CONTAINER/PREFIX}: an object store's bucket or container, and a key prefix. */
  CONTAINER,
  /** {@code NAME:PATH}: a path under the profile's root directory. */
  PATH,
  /** {@code NAME:} alone: the profile is the whole location. */
  NONE
}
