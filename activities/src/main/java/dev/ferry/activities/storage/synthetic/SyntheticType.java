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
          BackendOption.of("size", Kind.SIZE, "bytes per object, e.g. 16KiB").withDefault(0L));

  private SyntheticType() {}

  @Override
  public String name() {
    return "synthetic";
  }

  @Override
  public String description() {
    return "load testing: count generated objects of size bytes, the same on every run;"
        + " locations NAME:";
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
  }

  @Override
  public Connected connect(BackendProfile profile) {
    return (container, path, description) ->
        SyntheticBackend.create(profile.number("count"), profile.number("size"));
  }
}
