package dev.ferry.activities.storage.synthetic;

import dev.ferry.activities.storage.BackendOption;
import dev.ferry.activities.storage.BackendOption.Kind;
import dev.ferry.activities.storage.BackendProfile;
import dev.ferry.activities.storage.BackendType;
import dev.ferry.activities.storage.LocationShape;
import java.util.List;

/** {@code type: synthetic} (load testing): a read-only source of generated objects. */
public final class SyntheticType implements BackendType {
  /** The one instance, as the registry lists it. */
  public static final SyntheticType TYPE = new SyntheticType();

  private static final List<BackendOption> OPTIONS =
      List.of(
          BackendOption.of("count", Kind.COUNT, "how many objects, up to 999999999")
              .withDefault(0L),
          BackendOption.of("size", Kind.SIZE, "bytes per object, e.g. 16KiB").withDefault(0L),
          BackendOption.choice(
              "shape",
              "key layout: flat, nested (two levels of fanOut directories) or skewed (90 % under"
                  + " one prefix)",
              "flat",
              List.of("flat", "nested", "skewed")),
          BackendOption.of("fanOut", Kind.COUNT, "directories per level of shape nested, 2..1000")
              .withDefault(100L),
          BackendOption.of(
              "pageSize", Kind.COUNT, "most keys a listing request returns (S3: 1000); 0: any"),
          BackendOption.of(
              "listLatency", Kind.DURATION, "time each listing request takes, e.g. 50ms"),
          BackendOption.of(
              "getLatency", Kind.DURATION, "time each object read or stat takes, e.g. 20ms"),
          BackendOption.of(
                  "failEvery",
                  Kind.COUNT,
                  "the last object of every run of this many cannot be read, for good (to try"
                      + " failures and retries); 0: none")
              .withDefault(0L));

  private SyntheticType() {}

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public String description() {
    return "load testing: count generated objects of size bytes, the same on every run, listed"
        + " and read as fast as asked or with a store's page size and latencies; locations NAME:";
  }

  @Override
  public String noIncompleteUploadsReason() {
    return "it generates objects and holds nothing written";
  }

  @Override
  public List<BackendOption> options() {
    return OPTIONS;
  }

  @Override
  public LocationShape shape() {
    return LocationShape.NONE;
  }

  @Override
  public void validate(BackendProfile profile, String prefix, List<String> problems) {
    long count = profile.number("count");
    if (count < 0 || count >= 1_000_000_000L) {
      problems.add(prefix + "count must be within 0..999999999, got " + count);
    }
    long fanOut = profile.number("fanOut");
    if (fanOut < 2 || fanOut > 1000) {
      problems.add(prefix + "fanOut must be within 2..1000, got " + fanOut);
    }
    if (profile.number("pageSize") > Integer.MAX_VALUE) {
      problems.add(prefix + "pageSize must be at most " + Integer.MAX_VALUE);
    }
  }

  @Override
  public Connected connect(BackendProfile profile) {
    StoreBehaviour behaviour =
        new StoreBehaviour(
            KeyShape.of(profile.text("shape")),
            (int) profile.number("fanOut"),
            (int) profile.number("pageSize"),
            profile.number("listLatency"),
            profile.number("getLatency"),
            profile.number("failEvery"));
    return (container, path, description) ->
        SyntheticBackend.create(profile.number("count"), profile.number("size"), behaviour);
  }
}
