package dev.ferry.activities.storage.s3;

import dev.ferry.activities.config.S3Listing;

/** The conformance suite against S3Proxy, listing directory by directory. */
class S3DirectoryListingTest extends S3BackendTest {
  @Override
  protected S3Listing listing() {
    return S3Listing.DIRECTORIES;
  }
}
