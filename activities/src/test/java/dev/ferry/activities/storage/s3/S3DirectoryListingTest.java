package dev.ferry.activities.storage.s3;

/** The S3 conformance suite against S3Proxy, listing directory by directory. */
class S3DirectoryListingTest extends S3ProxyBackendTest {
  @Override
  protected S3Listing listing() {
    return S3Listing.DIRECTORIES;
  }
}
