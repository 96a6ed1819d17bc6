package dev.ferry.activities.storage;

import java.util.function.Predicate;

/**
 * Optional capability: a listing that walks directories, and so can leave out a whole subtree
 * without reading it. A migration's excludes that name every key under a directory ({@code
 * --exclude 'cache/**'}) then cost nothing, and a directory the worker may not read can be left
 * out: a store that lists keys flat gains nothing from it.
 */
public interface PrunedListing {

  /**
   * As {@link StorageBackend#list}, entering only the directories {@code enters} accepts; it is
   * given a directory's key with its trailing {@code /} ({@code a/cache/}).
   */
  ListPage list(String startAfter, String lastKey, int maxKeys, Predicate<String> enters);
}
