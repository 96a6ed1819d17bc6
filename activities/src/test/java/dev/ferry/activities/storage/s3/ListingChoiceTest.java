package dev.ferry.activities.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rule by which {@code listing: auto} picks a location's listing from two timed requests. */
class ListingChoiceTest {
  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void aFlatRequestThatReadsTheWholeTreeMeansDirectories() {
    // S3Proxy's file store, 10,000 objects in 100 directories: it walks them all for one key.
    assertEquals(S3Listing.DIRECTORIES, S3Lister.chooseListing(ms(130), ms(3)));
  }

  @Test
  void requestsOfAboutTheSameCostMeanFlat() {
    // AWS S3 or MinIO across a network: both cost a round trip.
    assertEquals(S3Listing.FLAT, S3Lister.chooseListing(ms(60), ms(45)));
    assertEquals(S3Listing.FLAT, S3Lister.chooseListing(ms(45), ms(60)));
  }

  @Test
  void aSmallTreeStaysFlatWhateverTheRatio() {
    // A few hundred objects: any listing is quick, and flat makes the fewest requests.
    assertEquals(S3Listing.FLAT, S3Lister.chooseListing(ms(9), ms(1)));
  }
}
